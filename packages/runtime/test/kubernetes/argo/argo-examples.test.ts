// Every example pipeline, compiled by the real generator and bundled for real, exported to Argo:
// valid by the Argo Workflows models, consistent, and shaped like its DAG.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledPlan } from '../../../src/contract/plan.js';
import { argoBundles } from '../../../src/kubernetes/argo/argo-bundles.js';
import { argoDocuments, argoExport, type ArgoExport } from '../../../src/kubernetes/argo/argo-workflow.js';
import { CONFIG_MAP_LIMIT } from '../../../src/kubernetes/argo/config-maps.js';
import { toYaml } from '../../../src/kubernetes/argo/to-yaml.js';
import { clusterTarget, dagTasks, expectConsistent, generatePlans, repositoryRoot, taskNamed, templateNamed } from './argo-support.js';

const examples = [
    { folder: 'examples/text-classifier', pipeline: 'trainSentiment' },
    { folder: 'examples/retrieval-index', pipeline: 'indexHandbook' },
    { folder: 'examples/image-classifier', pipeline: 'trainDigits' },
    { folder: 'examples/consumer/weft', pipeline: 'scoreReviews' },
];

const exported = new Map<string, { plan: CompiledPlan; result: ArgoExport }>();

beforeAll(async () => {
    for (const example of examples) {
        const root = path.join(repositoryRoot, example.folder);
        const plan = generatePlans(root).get(example.pipeline)!;
        // The image classifier declares its own kubernetes target; the others run on sandboxes, so a cluster is lent to them.
        const target = plan.targets.find(candidate => candidate.kind === 'kubernetes') ?? clusterTarget();
        const bundles = await argoBundles(plan, root, mkdtempSync(path.join(tmpdir(), 'weft-argo-cache-')));
        exported.set(example.pipeline, { plan, result: argoExport(plan, target, { bundles }) });
    }
}, 300_000);

describe.each(examples)('$pipeline ($folder)', ({ pipeline }) => {
    it('is valid by @kubernetes-models/argo-workflows and consistent', () => {
        expectConsistent(exported.get(pipeline)!.result);
    });

    it('has one task per call, depending on what the call reads and follows', () => {
        const { plan, result } = exported.get(pipeline)!;
        const tasks = dagTasks(result.workflow).filter(task => task.name !== 'weft-run-failed');
        expect(tasks).toHaveLength(plan.nodes.length);
        for (const node of plan.nodes.filter(candidate => !candidate.onFailureOf)) {
            const task = tasks.find(candidate => candidate.name === nameOf(node.id))!;
            expect(task.template).toBe(node.forEach?.concurrency ? `${task.name}-loop` : task.name);
            const upstream = [...new Set([...node.needs, ...node.after])];
            const fanOut = (id: string) => plan.nodes.find(candidate => candidate.id === id)?.forEach !== undefined;
            expect(task.depends?.split(' && ').sort() ?? []).toEqual(upstream.map(id => (fanOut(id) ? `(${nameOf(id)}.Succeeded || ${nameOf(id)}.Skipped)` : `${nameOf(id)}.Succeeded`)).sort());
        }
    });

    it('keeps every ConfigMap under the size limit, and survives YAML', () => {
        const { result } = exported.get(pipeline)!;
        for (const map of result.configMaps) {
            const size = Object.values(map.data).reduce((total, text) => total + Buffer.byteLength(text), 0);
            expect(size).toBeLessThanOrEqual(CONFIG_MAP_LIMIT);
            // Minified bundles also fit `kubectl apply`'s last-applied annotation (256 KiB).
            expect(size).toBeLessThan(256 * 1024 - 4096);
        }
        const documents = parseAllDocuments(toYaml(argoDocuments(result))).map(document => document.toJS() as unknown);
        expect(documents).toEqual(JSON.parse(JSON.stringify(argoDocuments(result))));
        expect(documents.at(-1)).toMatchObject({ kind: 'Workflow' });
    });
});

describe('what each example maps to', () => {
    it('trainSentiment: when / else as Argo expressions over a published accuracy, an on failure handler, retries with backoff', () => {
        const { workflow, configMaps } = exported.get('trainSentiment')!.result;
        const accuracy = "asFloat(tasks['e'].outputs.parameters['metrics-accuracy'])";
        const threshold = "asFloat(workflow.parameters['threshold'])";
        expect(taskNamed(workflow, 'p').when).toBe(`{{=(${accuracy} >= ${threshold})}}`);
        expect(taskNamed(workflow, 'a').when).toBe(`{{=!((${accuracy} >= ${threshold}))}}`);
        expect(templateNamed(workflow, 'e').outputs?.parameters).toEqual([{ name: 'metrics-accuracy', valueFrom: { path: '/tmp/weft-outputs/metrics-accuracy' } }]);
        expect(taskNamed(workflow, 'f').depends).toBe('(m.Failed || m.Errored || e.Failed || e.Errored)');
        expect(taskNamed(workflow, 'weft-run-failed').depends).toBe('(m.Failed || m.Errored || e.Failed || e.Errored)');
        expect(templateNamed(workflow, 'm').retryStrategy).toEqual({
            limit: 2, retryPolicy: 'Always', expression: 'asInt(lastRetry.exitCode) == 1', backoff: { duration: '10s', factor: 2 },
        });
        expect(templateNamed(workflow, 'p').retryStrategy?.backoff).toEqual({ duration: '2s', factor: '1.5' });
        expect(templateNamed(workflow, 'e').retryStrategy).toBeUndefined();
        expect(templateNamed(workflow, 'm').activeDeadlineSeconds).toBe(300);
        expect(templateNamed(workflow, 'm').container?.resources).toEqual({ requests: { cpu: '1000m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
        expect(workflow.spec.activeDeadlineSeconds).toBe(3600);
        // `data` is a dataset: the pods bind it from its default; the others are Argo parameters with their defaults.
        expect(workflow.spec.arguments?.parameters).toEqual([
            { name: 'alpha', value: '1' }, { name: 'minCount', value: '1' }, { name: 'threshold', value: '0.85' }, { name: 'channel', value: 'staging' },
        ]);
        expect(configMaps.map(map => map.metadata.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^weft-binding-[0-9a-f]{16}$/)]));
    });

    it('indexHandbook: a fan-out over the indices its upstream publishes, `with` resources, `after`, pipeline concurrency', () => {
        const { workflow } = exported.get('indexHandbook')!.result;
        // `concurrency workers`: the elements run in a DAG template of their own with parallelism = workers, which is fixed.
        expect(taskNamed(workflow, 'vectors')).toEqual({
            name: 'vectors', template: 'vectors-loop', depends: 'parts.Succeeded',
            arguments: { parameters: [{ name: 'items', value: '{{tasks.parts.outputs.parameters.items-vectors}}' }] },
        });
        expect(templateNamed(workflow, 'vectors-loop')).toEqual({
            name: 'vectors-loop', parallelism: 4, inputs: { parameters: [{ name: 'items' }] },
            dag: { tasks: [{ name: 'vectors', template: 'vectors', withParam: '{{inputs.parameters.items}}', arguments: { parameters: [{ name: 'item', value: '{{item}}' }] } }] },
        });
        expect(workflow.spec.arguments?.parameters.find(parameter => parameter.name === 'workers')).toMatchObject({ value: '4', enum: ['4'] });
        expect(templateNamed(workflow, 'vectors').container?.args).toEqual(expect.arrayContaining(['--item', '{{inputs.parameters.item}}']));
        expect(templateNamed(workflow, 'parts').outputs?.parameters.map(parameter => parameter.name)).toEqual(['items-vectors']);
        expect(templateNamed(workflow, 'built').container?.resources?.limits).toEqual({ cpu: '2000m', memory: '1Gi' });
        expect(taskNamed(workflow, 'probe').depends?.split(' && ').sort()).toEqual(['built.Succeeded', 'scored.Succeeded']);
        expect(workflow.spec.parallelism).toBe(8);
    });

    it('trainDigits: its own target — namespace, service account, runtime class, the pool chosen by fit, resources over a parameter', () => {
        const { workflow } = exported.get('trainDigits')!.result;
        expect(workflow.metadata).toMatchObject({ generateName: 'train-digits-', namespace: 'vision', labels: { 'app.kubernetes.io/managed-by': 'weft', 'weft.dev/pipeline': 'trainDigits' } });
        expect(workflow.spec.serviceAccountName).toBe('weft-runner');
        expect(JSON.parse(workflow.spec.podSpecPatch!)).toEqual({ runtimeClassName: 'gvisor' });
        expect(templateNamed(workflow, 'm').nodeSelector).toEqual({ 'weft.dev/pool': 'cpu' });
        expect(templateNamed(workflow, 'm').tolerations).toBeUndefined();
        // memory: 256Mi + batch * 1Mi with batch = 40, so `batch` is fixed at export.
        expect(templateNamed(workflow, 'm').container?.resources?.limits.memory).toBe('296Mi');
        expect(workflow.spec.arguments?.parameters.find(parameter => parameter.name === 'batch')).toMatchObject({ value: '40', enum: ['40'] });
        expect(workflow.spec.arguments?.parameters.find(parameter => parameter.name === 'lr')).toEqual({ name: 'lr', value: '5' });
        expect(templateNamed(workflow, 'p').container?.image).toBe('node:22-bookworm-slim');
        expect(templateNamed(workflow, 'm').container?.image).toBe('ghcr.io/weft-examples/node:22');
        expect(taskNamed(workflow, 'p').when).toBe("{{=(asFloat(tasks['e'].outputs.parameters['metrics-accuracy']) > asFloat(tasks['b'].outputs.parameters['metrics-accuracy']))}}");
    });
});

function nameOf(id: string): string {
    return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/_/g, '-');
}

// Focused plans (built in code, so each test shows its shape) and what the export refuses.
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanExpression, PlanTarget } from '../../../src/contract/plan.js';
import { ArgoExportError } from '../../../src/kubernetes/argo/argo-errors.js';
import { argoExport, type ArgoExport } from '../../../src/kubernetes/argo/argo-workflow.js';
import { CONFIG_MAP_LIMIT } from '../../../src/kubernetes/argo/config-maps.js';
import { dnsName, labelValue, resourceQuantities, tolerationOf } from '../../../src/kubernetes/argo/pod-conventions.js';
import { duration, literal, node, output, parameter, plan, typedAs } from '../../execution/plan-fixtures.js';
import { clusterTarget, expectConsistent, placeholderBundles, taskNamed, templateNamed, unknownFields } from './argo-support.js';

const memory = (bytes: number): PlanExpression => ({ kind: 'quantity', unit: 'memory', value: bytes });
const member = (receiver: PlanExpression, name: string): PlanExpression => ({ kind: 'member', receiver, name });
const binary = (operator: '>' | '==' | '&&' | '+' | '*', left: PlanExpression, right: PlanExpression): PlanExpression => ({ kind: 'binary', operator, left, right });
const Gi = 2 ** 30;

function exportOf(compiled: CompiledPlan, options: { target?: PlanTarget; parameters?: Record<string, unknown> } = {}): ArgoExport {
    const result = argoExport(compiled, options.target ?? clusterTarget(), { bundles: placeholderBundles(compiled), ...(options.parameters ? { parameters: options.parameters } : {}) });
    expectConsistent(result);
    return result;
}

function refusal(compiled: CompiledPlan, options: { target?: PlanTarget; parameters?: Record<string, unknown>; bundles?: ReturnType<typeof placeholderBundles> } = {}): string {
    try {
        argoExport(compiled, options.target ?? clusterTarget(), { bundles: options.bundles ?? placeholderBundles(compiled), ...(options.parameters ? { parameters: options.parameters } : {}) });
    } catch (error) {
        expect(error).toBeInstanceOf(ArgoExportError);
        return (error as Error).message;
    }
    throw new Error('the export did not refuse');
}

describe('focused plans', () => {
    it('fans out over a parameter list known at export: withSequence, and the list parameter is fixed', () => {
        const compiled = plan([node('each', { forEach: { variable: 'x', items: parameter('shards') }, arguments: { x: { kind: 'variable', name: 'x' } } })],
            { parameters: [{ name: 'shards', type: 'string[]', default: { kind: 'list', elements: [literal('a'), literal('b'), literal('c')] } }] });
        const { workflow } = exportOf(compiled);
        expect(taskNamed(workflow, 'each').withSequence).toEqual({ count: '3' });
        expect(workflow.spec.arguments?.parameters).toEqual([expect.objectContaining({ name: 'shards', value: '["a","b","c"]', enum: ['["a","b","c"]'] })]);
    });

    it('nests when / else conditions and compares strings, booleans and parameters as Argo expects', () => {
        const compiled = plan([
            node('probe', { outputs: ['label', 'ok'] }),
            node('yes', { needs: ['probe'], conditions: [
                { when: binary('==', member(output('probe'), 'label'), literal("it's")), is: true },
                { when: binary('&&', output('probe', 'ok'), parameter('strict')), is: false },
            ] }),
            node('big', { needs: ['probe'], conditions: [{ when: { kind: 'range', value: output('probe', 'label'), low: literal(1), high: parameter('limit') }, is: true }] }),
        ], { parameters: [{ name: 'strict', type: 'bool', default: literal(false) }, typedAs('limit', 'int')] });
        const { workflow } = exportOf(compiled);
        expect(taskNamed(workflow, 'yes').when).toBe(
            "{{=((tasks['probe'].outputs.parameters['label'] == 'it\\'s')) && (!(((tasks['probe'].outputs.parameters['ok'] == 'true') && (workflow.parameters['strict'] == 'true'))))}}");
        expect(taskNamed(workflow, 'big').when).toBe(
            "{{=(asFloat(tasks['probe'].outputs.parameters['label']) >= 1 && asFloat(tasks['probe'].outputs.parameters['label']) <= asFloat(workflow.parameters['limit']))}}");
        expect(templateNamed(workflow, 'probe').outputs?.parameters.map(published => published.name)).toEqual(['label', 'ok']);
        // `limit` has no default and nothing fixes it: Argo asks for it at submission.
        expect(workflow.spec.arguments?.parameters).toEqual([{ name: 'strict', value: 'false' }, { name: 'limit' }]);
    });

    it('places each call on the pool that fits it best, with the pool taints tolerated', () => {
        const compiled = plan([
            node('small', { settings: { resources: { cpu: literal(1), memory: memory(Gi) } } }),
            node('gpu', { settings: { resources: { cpu: literal(4), memory: memory(16 * Gi), gpu: literal(2) } } }),
            node('huge', { settings: { resources: { cpu: { kind: 'quantity', unit: 'cpu', value: 500 }, memory: memory(64 * Gi) } } }),
        ]);
        const { workflow } = exportOf(compiled);
        expect(templateNamed(workflow, 'small').nodeSelector).toEqual({ 'weft.dev/pool': 'cpu' });
        expect(templateNamed(workflow, 'small').tolerations).toBeUndefined();
        expect(templateNamed(workflow, 'gpu')).toMatchObject({
            nodeSelector: { 'weft.dev/pool': 'gpu' },
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
            container: { resources: { limits: { cpu: '4000m', memory: '16Gi', 'nvidia.com/gpu': '2' } } },
        });
        expect(templateNamed(workflow, 'huge').nodeSelector).toEqual({ 'weft.dev/pool': 'gpu' });
        expect(templateNamed(workflow, 'huge').container?.resources?.limits.cpu).toBe('500m');
    });

    it('computes settings over given parameters, fixes them, and names tasks as DNS labels without clashes', () => {
        const compiled = plan([
            node('trainModel', { settings: { resources: { memory: binary('*', parameter('gb'), memory(Gi)) }, timeout: duration(90_500), retry: { attempts: literal(4), backoff: duration(1500), factor: literal(3) } } }),
            node('train_model', { after: ['trainModel'] }),
        ], { parameters: [typedAs('gb', 'int')] });
        const { workflow } = exportOf(compiled, { parameters: { gb: 3 } });
        expect(taskNamed(workflow, 'train-model').template).toBe('train-model');
        expect(taskNamed(workflow, 'train-model-2').depends).toBe('train-model.Succeeded');
        expect(templateNamed(workflow, 'train-model')).toMatchObject({
            activeDeadlineSeconds: 91,
            retryStrategy: { limit: 3, backoff: { duration: '1500ms', factor: 3 } },
            container: { resources: { limits: { memory: '3Gi' } }, args: expect.arrayContaining(['--node', 'trainModel', '--retries', '{{retries}}']) },
        });
        expect(templateNamed(workflow, 'train-model-2').container?.args).not.toContain('--retries');
        expect(workflow.spec.arguments?.parameters).toEqual([expect.objectContaining({ name: 'gb', value: '3', enum: ['3'] })]);
    });

    it('takes the image from the step, else the target, and the volume from the target', () => {
        const compiled = plan([node('a', { settings: { image: literal('ghcr.io/acme/a:1') } }), node('b')]);
        const { workflow } = exportOf(compiled, { target: clusterTarget({ image: 'ghcr.io/acme/base:2', volume: 'team-rwx' }) });
        expect(templateNamed(workflow, 'a').container?.image).toBe('ghcr.io/acme/a:1');
        expect(templateNamed(workflow, 'b').container?.image).toBe('ghcr.io/acme/base:2');
        expect(workflow.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'team-rwx' } });
    });

    it('mounts a command step\'s files at /weft/bundle, each at its path, in a valid workflow; the binder runs it', () => {
        const train = node('train', { settings: { image: literal('python:3.12-slim') } });
        const compiled = plan([{ ...train, call: { ...train.call, implementation: { command: ['python3', '-m', 'mypkg.train'], directory: 'pipelines' } } } as typeof train]);
        const { workflow, configMaps } = exportOf(compiled);
        const template = templateNamed(workflow, 'train');
        expect(template.container?.image).toBe('python:3.12-slim');
        expect(template.container?.command).toEqual(['node', '/weft/binding/binder.mjs']);
        const map = configMaps.find(each => each.metadata.name!.startsWith('weft-command-'))!;
        expect(template.volumes).toEqual([{ name: 'bundle', configMap: { name: map.metadata.name, items: [{ key: 'command', path: 'pipelines/.weft-command.json' }] } }]);
    });

    it('inlines calls of other pipelines, as weft run does', () => {
        const inner = plan([node('double', { arguments: { n: parameter('x') } }), node('inc', { arguments: { n: output('double', 'value') }, needs: ['double'] })],
            { pipeline: 'inner', parameters: [typedAs('x', 'int')], outputs: [{ name: 'total', type: 'int', value: output('inc', 'value') }] });
        const call = { ...node('sub', { arguments: { x: output('seed', 'value') }, needs: ['seed'] }), call: { kind: 'pipeline' as const, pipeline: 'inner', plan: 'inner.plan.json' }, outputs: [typedAs('total', 'int')] };
        const outer = plan([node('seed'), call, node('show', { arguments: { n: output('sub', 'total') }, needs: ['sub'] })]);
        const subPlans = () => inner;
        const result = argoExport(outer, clusterTarget(), { bundles: placeholderBundles(plan([...inner.nodes, node('seed'), node('show')])), subPlans });
        expectConsistent(result);
        expect(result.workflow.spec.templates[0]!.dag!.tasks.map(task => [task.name, task.depends])).toEqual([
            // The inlined nodes inherit the call's dependencies; what read the call waits for all of them.
            ['seed', undefined], ['sub-double', 'seed.Succeeded'], ['sub-inc', 'seed.Succeeded && sub-double.Succeeded'], ['show', 'sub-double.Succeeded && sub-inc.Succeeded'],
        ]);
        expect(templateNamed(result.workflow, 'sub-inc').container?.args).toEqual(expect.arrayContaining(['--node', 'sub.inc']));
        expect(() => argoExport(outer, clusterTarget(), { bundles: placeholderBundles(outer), subPlans: () => { throw new Error('gone'); } }))
            .toThrow('cannot export test to Argo (call sub): sub calls the pipeline inner: its plan inner.plan.json could not be loaded (gone)');
    });

    it('the consistency checks themselves fail on a broken workflow', () => {
        const result = exportOf(plan([node('a'), node('b', { after: ['a'] })]));
        const tasks = result.workflow.spec.templates[0]!.dag!.tasks.map(task => (task.name === 'b' ? { ...task, depends: 'ghost.Succeeded' } : task));
        const broken = { ...result, workflow: { ...result.workflow, spec: { ...result.workflow.spec, templates: [{ name: 'main', dag: { tasks } }, ...result.workflow.spec.templates.slice(1)] } } };
        expect(() => expectConsistent(broken)).toThrow();
        const wrongType = { ...result, workflow: { ...result.workflow, spec: { ...result.workflow.spec, templates: [{ name: 'main', dag: { tasks: [{ name: 'a', template: 7 }] } }] } } };
        expect(() => expectConsistent(wrongType as never)).toThrow(/template/);
        const misspelt = { ...result.workflow, spec: { ...result.workflow.spec, templates: result.workflow.spec.templates.map(template => ({ ...template, retryStrategy: { limit: 1, backof: {} } })) } };
        expect(unknownFields(misspelt as never)).toEqual(['spec.templates[0].retryStrategy.backof', 'spec.templates[1].retryStrategy.backof', 'spec.templates[2].retryStrategy.backof']);
    });
});

describe('refusals, each with a clear message', () => {
    it('a sandbox target', () => {
        expect(refusal(plan([node('a')]), { target: { ...clusterTarget(), kind: 'sandbox' } })).toBe('cannot export test to Argo: the target cluster is a sandbox target; Argo needs a kubernetes target');
    });

    it('a condition over a fan-out result, over len(), over the loop variable', () => {
        const fanOut = node('many', { forEach: { variable: 'x', items: { kind: 'list', elements: [literal(1)] } } });
        expect(refusal(plan([fanOut, node('after', { needs: ['many'], conditions: [{ when: binary('>', member(output('many'), 'value'), literal(1)), is: true }] })])))
            .toContain('(call after): its `when` cannot be decided by Argo: many is a fan-out');
        expect(refusal(plan([node('a'), node('b', { needs: ['a'], conditions: [{ when: binary('>', { kind: 'call', function: 'len', arguments: [output('a', 'value')] }, literal(1)), is: true }] })])))
            .toContain('len() reads a whole list');
        expect(refusal(plan([node('b', { conditions: [{ when: { kind: 'variable', name: 'x' }, is: true }] })]))).toContain('a condition over the loop variable x cannot be evaluated by Argo');
    });

    it('settings that read an upstream output, or a parameter without a value', () => {
        expect(refusal(plan([node('a'), node('b', { needs: ['a'], arguments: { n: output('a', 'value') }, settings: { resources: { memory: binary('*', { kind: 'input', name: 'n' }, memory(Gi)) } } })])))
            .toBe('cannot export test to Argo (call b): its settings read the output of a, which the workflow must know when it is written');
        expect(refusal(plan([node('a', { settings: { timeout: parameter('t') } })], { parameters: [typedAs('t', 'duration')] })))
            .toBe('cannot export test to Argo: the parameter t decides the settings of a, which the workflow must know when it is written; give it a value');
    });

    it('parameters that break a where clause of the pipeline', () => {
        const int = { type: 'int', schema: { type: 'integer' } };
        const clause = (expression: PlanExpression, text: string) => ({ expression, text, source: { file: 'test.weft', line: 1 } });
        const guarded = plan([node('a')], {
            parameters: [{ name: 'n', ...int, default: literal(3) }, { name: 'm', ...int }],
            where: [clause(binary('>', parameter('n'), literal(5)), 'n > 5'), clause(binary('>', parameter('m'), literal(0)), 'm > 0')],
        });
        expect(refusal(guarded)).toBe('cannot export test to Argo: its where clause `n > 5` is false for n = 3');
        // The second clause reads m, which has no value yet: left to the pods, so n = 6 exports.
        expect(exportOf(guarded, { parameters: { n: 6 } }).workflow.spec.arguments?.parameters).toEqual([{ name: 'n', value: '6' }, { name: 'm' }]);
    });

    it('parameters that are unknown, or datasets given or without a default', () => {
        expect(refusal(plan([node('a')], { parameters: [typedAs('n', 'int')] }), { parameters: { m: 1 } })).toContain('it has no parameter m (it has n)');
        const withData = plan([node('a')], { parameters: [typedAs('data', 'Dataset<Review>')] });
        expect(refusal(withData)).toContain('the parameter data is a Dataset<Review> without a default');
        expect(refusal(withData, { parameters: { data: 'x' } })).toContain('the pods bind it from its default, so it cannot be given');
    });

    it('a fan-out over two upstream calls, a pipeline call, a call no pool fits, a bad taint, a missing or oversized bundle', () => {
        const items: PlanExpression = binary('+', output('a', 'value'), output('b', 'value'));
        expect(refusal(plan([node('a'), node('b'), node('c', { needs: ['a', 'b'], forEach: { variable: 'x', items } })]))).toContain('Argo can take a fan-out\'s items from one upstream call only');
        const sub = { ...node('s'), call: { kind: 'pipeline' as const, pipeline: 'inner', plan: 'inner.plan.json' } };
        expect(refusal(plan([sub]))).toBe('cannot export test to Argo (call s): it calls another pipeline, and no plans of called pipelines were given (subPlans)');
        expect(refusal(plan([node('big', { settings: { resources: { memory: memory(512 * Gi) } } })])))
            .toContain(`big (step big) needs ${512 * Gi} bytes of memory, more than a node of any pool offers (cpu: ${32 * Gi} bytes of memory, gpu: ${256 * Gi} bytes of memory)`);
        const tainted = clusterTarget();
        const badTaint = { ...tainted, pools: [{ name: 'p', members: { cpu: 1, memory: Gi, taints: ['x=y:Sometimes'] } }] };
        expect(refusal(plan([node('a')]), { target: badTaint })).toContain('has the effect Sometimes; expected one of NoSchedule, PreferNoSchedule, NoExecute');
        const badLabels = { ...tainted, pools: [{ name: 'p', members: { cpu: 1, memory: Gi, labels: { zone: 3 } } }] };
        expect(refusal(plan([node('a')]), { target: badLabels })).toContain('target cluster: the labels of pool p must map names to strings, found {"zone":3}');
        const compiled = plan([node('a')]);
        expect(refusal(compiled, { bundles: { ...placeholderBundles(compiled), steps: {} } })).toContain('no bundle was given for a.ts#a');
        expect(refusal(compiled, { bundles: { ...placeholderBundles(compiled), steps: { 'a.ts#a': 'x'.repeat(CONFIG_MAP_LIMIT) } } })).toMatch(/the weft-bundle ConfigMap would hold \d+ bytes, over the \d+ a ConfigMap can/);
    });
});

describe('pod conventions', () => {
    it('translates quantities, taints, names and labels', () => {
        expect(resourceQuantities({ cpu: 500, memory: 128 * 2 ** 20, gpu: 0 })).toEqual({ cpu: '500m', memory: '128Mi' });
        expect(resourceQuantities({ cpu: 0, memory: 0, gpu: 1 })).toEqual({ 'nvidia.com/gpu': '1' });
        expect(tolerationOf('nvidia.com/gpu')).toEqual({ key: 'nvidia.com/gpu', operator: 'Exists' });
        expect(tolerationOf('dedicated=ml:NoExecute')).toEqual({ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoExecute' });
        expect(tolerationOf('spot:PreferNoSchedule')).toEqual({ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' });
        expect(() => tolerationOf('=x')).toThrow('is not key=value:Effect');
        expect(dnsName('buildIndex')).toBe('build-index');
        expect(dnsName('_x__Y')).toBe('x-y');
        expect(dnsName('a'.repeat(80))).toHaveLength(63);
        expect(labelValue('_pipeline name_')).toBe('pipeline-name');
    });
});

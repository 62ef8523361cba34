// Plans from the real generator, a kubernetes target, and the checks `validate()` leaves out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { expect } from 'vitest';
import { stepCodeKey } from '../../../src/bundling/step-code.js';
import { type CompiledPlan, isCommandImplementation, type PlanTarget } from '../../../src/contract/plan.js';
import type { CommandFiles } from '../../../src/kubernetes/command-files.js';
import type { ArgoWorkflow, DagTask } from '../../../src/kubernetes/argo/argo-manifests.js';
import type { ArgoExport } from '../../../src/kubernetes/argo/argo-workflow.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const weftBin = path.join(repositoryRoot, 'packages/cli/bin/weft.js');

/** Runs the built `weft generate` on a folder and returns its plans by pipeline name. */
export function generatePlans(folder: string): Map<string, CompiledPlan> {
    const out = mkdtempSync(path.join(tmpdir(), 'weft-argo-plans-'));
    const result = spawnSync(process.execPath, [weftBin, 'generate', folder, '--out', out], { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`weft generate ${folder} failed (${result.status}): ${result.stderr}`);
    const plans = new Map<string, CompiledPlan>();
    for (const file of readdirSync(out).filter(name => name.endsWith('.plan.json'))) {
        const plan = JSON.parse(readFileSync(path.join(out, file), 'utf8')) as CompiledPlan;
        plans.set(plan.pipeline, plan);
    }
    return plans;
}

/** A kubernetes target with a cpu pool and a tainted gpu pool, for plans whose own targets are sandboxes. */
export function clusterTarget(members: PlanTarget['members'] = {}): PlanTarget {
    return {
        name: 'cluster', kind: 'kubernetes', source: { file: 'test.weft', line: 1 },
        members: { namespace: 'ml', volume: 'shared-data', ...members },
        pools: [
            { name: 'cpu', members: { cpu: 8, memory: 32 * 2 ** 30, count: 3, labels: { 'weft.dev/pool': 'cpu' } } },
            { name: 'gpu', members: { cpu: 32, memory: 256 * 2 ** 30, gpu: 4, count: 1, labels: { 'weft.dev/pool': 'gpu' }, taints: ['nvidia.com/gpu=present:NoSchedule'] } },
        ],
    };
}

/** Stand-in code for structure tests (the pods are exercised with real bundles elsewhere). */
export function placeholderBundles(plan: CompiledPlan) {
    const steps: Record<string, string> = {};
    const commands: Record<string, Pick<CommandFiles, 'data' | 'container'>> = {};
    for (const node of plan.nodes) {
        if (node.call.kind !== 'step') continue;
        const implementation = node.call.implementation;
        const key = stepCodeKey(implementation);
        if (!isCommandImplementation(implementation)) steps[key] = `export const step = () => ({}); // ${node.call.step}`;
        else commands[key] = { data: { command: JSON.stringify(implementation) }, container: { ...implementation, configMap: '', files: [{ key: 'command', path: path.posix.join(implementation.directory, '.weft-command.json') }] } };
    }
    return { steps, commands, worker: '// worker', binder: '// binder' };
}

/**
 * What a cluster would refuse that the models' schemas do not check: the entrypoint and every
 * task's template exist, `depends`, `withParam` and task arguments name tasks of the DAG and
 * parameters their templates publish, names are DNS labels.
 */
export function expectConsistent(exported: ArgoExport): void {
    const workflow = exported.workflow;
    new Workflow(workflow as never).validate();
    expect(unknownFields(workflow)).toEqual([]);
    for (const map of exported.configMaps) new ConfigMap(map as never).validate();
    const templates = new Set(workflow.spec.templates.map(template => template.name));
    expect(templates.has(workflow.spec.entrypoint)).toBe(true);
    const tasks = dagTasks(workflow);
    const names = new Set(tasks.map(task => task.name));
    expect(names.size).toBe(tasks.length);
    for (const task of tasks) {
        expect(task.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        expect(templates.has(task.template)).toBe(true);
        for (const reference of (task.depends ?? '').match(/[a-z0-9-]+(?=\.(Succeeded|Failed|Errored|Skipped))/g) ?? []) expect(names.has(reference)).toBe(true);
        const sources = [task.withParam, ...(task.arguments?.parameters ?? []).map(parameter => parameter.value)].filter(text => text?.startsWith('{{tasks.'));
        if (task.withParam !== undefined) expect(sources).toContain(task.withParam);
        for (const text of sources) {
            const source = /^\{\{tasks\.([a-z0-9-]+)\.outputs\.parameters\.([a-z0-9-]+)\}\}$/.exec(text!);
            expect(source).not.toBeNull();
            expect(names.has(source![1]!)).toBe(true);
            const producer = workflow.spec.templates.find(template => template.name === taskNamed(workflow, source![1]!).template);
            expect(producer?.outputs?.parameters.map(parameter => parameter.name)).toContain(source![2]);
        }
    }
    for (const nested of workflow.spec.templates.filter(template => template.dag && template.name !== workflow.spec.entrypoint)) {
        for (const task of nested.dag!.tasks) expect(templates.has(task.template)).toBe(true);
    }
    const mapNames = new Set(exported.configMaps.map(map => map.metadata.name));
    for (const volume of [...workflow.spec.volumes, ...workflow.spec.templates.flatMap(template => template.volumes ?? [])]) {
        if (volume.configMap) expect(mapNames.has(volume.configMap.name)).toBe(true);
    }
    for (const name of mapNames) expect(name!.length).toBeLessThanOrEqual(63);
}

export function dagTasks(workflow: ArgoWorkflow): readonly DagTask[] {
    return workflow.spec.templates.find(template => template.name === workflow.spec.entrypoint)!.dag!.tasks;
}

export function taskNamed(workflow: ArgoWorkflow, name: string): DagTask {
    const task = dagTasks(workflow).find(candidate => candidate.name === name);
    if (!task) throw new Error(`no task ${name} in ${dagTasks(workflow).map(candidate => candidate.name).join(', ')}`);
    return task;
}

export function templateNamed(workflow: ArgoWorkflow, name: string) {
    const template = workflow.spec.templates.find(candidate => candidate.name === name);
    if (!template) throw new Error(`no template ${name}`);
    return template;
}

const argoModels = path.join(repositoryRoot, 'node_modules/@kubernetes-models/argo-workflows/argoproj.io/v1alpha1');
const coreModels = path.join(repositoryRoot, 'node_modules/kubernetes-models/v1');

/** The property names a model interface declares (`"name"?: …`), read from its type declarations. */
function declaredFields(file: string): Set<string> {
    const text = readFileSync(file, 'utf8');
    const body = text.slice(text.indexOf('export interface'), text.indexOf('export declare class'));
    return new Set([...body.matchAll(/^\s+"([^"]+)"\??:/gm)].map(match => match[1]!));
}

/** Where each part of a workflow sits in Argo's (and Kubernetes') models. */
const shapes: Record<string, { file: string; children?: Record<string, string> }> = {
    spec: { file: path.join(argoModels, 'WorkflowSpec.d.ts'), children: { arguments: 'arguments', templates: 'template', volumes: 'volume', podMetadata: 'metadata' } },
    template: { file: path.join(argoModels, 'Template.d.ts'), children: { dag: 'dag', container: 'container', inputs: 'inputs', outputs: 'outputs', metadata: 'metadata', retryStrategy: 'retry', tolerations: 'toleration', volumes: 'volume' } },
    dag: { file: path.join(argoModels, 'DAGTemplate.d.ts'), children: { tasks: 'task' } },
    task: { file: path.join(argoModels, 'DAGTask.d.ts'), children: { arguments: 'arguments', withSequence: 'sequence' } },
    arguments: { file: path.join(argoModels, 'Arguments.d.ts'), children: { parameters: 'parameter' } },
    inputs: { file: path.join(argoModels, 'Inputs.d.ts'), children: { parameters: 'parameter' } },
    outputs: { file: path.join(argoModels, 'Outputs.d.ts'), children: { parameters: 'parameter' } },
    parameter: { file: path.join(argoModels, 'Parameter.d.ts'), children: { valueFrom: 'valueFrom' } },
    valueFrom: { file: path.join(argoModels, 'ValueFrom.d.ts') },
    sequence: { file: path.join(argoModels, 'Sequence.d.ts') },
    metadata: { file: path.join(argoModels, 'Metadata.d.ts') },
    retry: { file: path.join(argoModels, 'RetryStrategy.d.ts'), children: { backoff: 'backoff' } },
    backoff: { file: path.join(argoModels, 'Backoff.d.ts') },
    container: { file: path.join(coreModels, 'Container.d.ts'), children: { resources: 'resources', volumeMounts: 'volumeMount' } },
    resources: { file: path.join(coreModels, 'ResourceRequirements.d.ts') },
    volumeMount: { file: path.join(coreModels, 'VolumeMount.d.ts') },
    toleration: { file: path.join(coreModels, 'Toleration.d.ts') },
    volume: { file: path.join(coreModels, 'Volume.d.ts'), children: { configMap: 'configMapVolume', persistentVolumeClaim: 'claimVolume' } },
    configMapVolume: { file: path.join(coreModels, 'ConfigMapVolumeSource.d.ts') },
    claimVolume: { file: path.join(coreModels, 'PersistentVolumeClaimVolumeSource.d.ts') },
};

/**
 * The field names `validate()` does not check: every field the workflow uses, down to the
 * parts listed in `shapes`, is declared by Argo's or Kubernetes' model at that place.
 * Returns the unknown ones as paths (`spec.templates[1].bogus`).
 */
export function unknownFields(workflow: ArgoWorkflow): string[] {
    const unknown: string[] = [];
    const visit = (value: unknown, shape: string, at: string): void => {
        if (Array.isArray(value)) {
            value.forEach((entry, index) => visit(entry, shape, `${at}[${index}]`));
            return;
        }
        const { file, children = {} } = shapes[shape]!;
        const fields = declaredFields(file);
        for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
            if (!fields.has(key)) unknown.push(`${at}.${key}`);
            else if (children[key] !== undefined) visit(entry, children[key]!, `${at}.${key}`);
        }
    };
    visit(workflow.spec, 'spec', 'spec');
    return unknown;
}

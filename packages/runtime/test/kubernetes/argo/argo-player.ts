/**
 * TEST-ONLY STAND-IN FOR ARGO'S WORKFLOW CONTROLLER (no Argo can run on this machine).
 * It plays an exported workflow the way Argo would for the constructs the export emits —
 * a task over no items as `Skipped`, nested DAG templates (run one element at a time, so `parallelism` is not observed here),
 * `depends` over task phases, `when` as `{{=…}}` expressions (the emitted subset of expr is
 * also valid JavaScript), `withParam`/`withSequence`, `retryStrategy` with its `expression`,
 * parameter substitution and `enum` checks — and runs each pod's container command as a
 * local child process, with the ConfigMaps and the shared volume as folders "mounted" by
 * rewriting their mount paths. Everything inside the pod (binder, worker, step bundle) is
 * the real code from the exported ConfigMaps.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ArgoWorkflow, Container, DagTask, Template, Volume } from '../../../src/kubernetes/argo/argo-manifests.js';
import type { ArgoExport } from '../../../src/kubernetes/argo/argo-workflow.js';

export type Phase = 'Succeeded' | 'Failed' | 'Skipped' | 'Omitted';

export interface Played {
    readonly phases: Map<string, Phase>;
    /** Pods run per task (attempts, summed over fan-out elements). */
    readonly pods: Map<string, number>;
    /** Output parameters of each task. */
    readonly outputs: Map<string, Record<string, string>>;
    readonly logs: string[];
}

export async function playWorkflow(exported: ArgoExport, options: { dataDir: string; run: string; parameters?: Record<string, string> }): Promise<Played> {
    const workflow = exported.workflow;
    const mounts = mkdtempSync(path.join(tmpdir(), 'weft-argo-mounts-'));
    for (const map of exported.configMaps) {
        const folder = path.join(mounts, map.metadata.name!);
        mkdirSync(folder, { recursive: true });
        for (const [key, value] of Object.entries(map.data)) writeFileSync(path.join(folder, key), value);
    }
    const parameters = workflowParameters(workflow, options.parameters ?? {});
    const dag = workflow.spec.templates.find(template => template.name === workflow.spec.entrypoint)!.dag!.tasks;
    const played: Played = { phases: new Map(), pods: new Map(), outputs: new Map(), logs: [] };
    await playDag(dag, {}, played.phases);
    return played;

    /** Plays a DAG template; `phases` are its own tasks' (a nested DAG's tasks are scoped to it). */
    async function playDag(tasks: readonly DagTask[], inputs: Record<string, string>, phases: Map<string, Phase>): Promise<Phase> {
        const decided = (name: string) => phases.has(name);
        while (phases.size < tasks.length) {
            const ready = tasks.filter(task => !decided(task.name) && referencedTasks(task).every(decided));
            if (ready.length === 0) throw new Error(`the DAG is stuck: ${tasks.filter(task => !decided(task.name)).map(task => task.name).join(', ')}`);
            for (const task of ready) phases.set(task.name, await playTask(task, inputs, phases));
        }
        return [...phases.values()].includes('Failed') ? 'Failed' : 'Succeeded';
    }

    async function playTask(task: DagTask, inputs: Record<string, string>, phases: ReadonlyMap<string, Phase>): Promise<Phase> {
        if (task.depends !== undefined && !evaluateDepends(task.depends, phases)) return 'Omitted';
        if (task.when !== undefined && !evaluateWhen(task.when, played.outputs, parameters)) return 'Skipped';
        const template = workflow.spec.templates.find(candidate => candidate.name === task.template)!;
        const scope = { tasks: played.outputs, inputs };
        if (template.dag) {
            const nestedInputs = Object.fromEntries((task.arguments?.parameters ?? []).map(argument => [argument.name, substitute(argument.value!, scope)]));
            return playDag(template.dag.tasks, nestedInputs, new Map());
        }
        const items = task.withParam !== undefined
            ? JSON.parse(substitute(task.withParam, scope)) as unknown[]
            : task.withSequence !== undefined ? Array.from({ length: Number(task.withSequence.count) }, (_, index) => index) : undefined;
        if (items === undefined) return runWithRetries(task, template, undefined);
        if (items.length === 0) return 'Skipped'; // as Argo marks a task over empty params
        let phase: Phase = 'Succeeded';
        for (const item of items) if (await runWithRetries(task, template, String(item)) === 'Failed') phase = 'Failed';
        return phase;
    }

    async function runWithRetries(task: DagTask, template: Template, item: string | undefined): Promise<Phase> {
        const limit = template.retryStrategy?.limit ?? 0;
        for (let retries = 0; ; retries++) {
            played.pods.set(task.name, (played.pods.get(task.name) ?? 0) + 1);
            const publishDir = mkdtempSync(path.join(tmpdir(), 'weft-argo-publish-'));
            const exitCode = await runPod(template, { retries, item, publishDir });
            if (exitCode === 0) {
                const outputs: Record<string, string> = {};
                for (const parameter of template.outputs?.parameters ?? []) {
                    const file = parameter.valueFrom!.path.replace('/tmp/weft-outputs', publishDir);
                    if (!existsSync(file)) throw new Error(`${task.name} did not write its output parameter ${parameter.name}`);
                    outputs[parameter.name] = readFileSync(file, 'utf8');
                }
                if (item === undefined) played.outputs.set(task.name, outputs);
                return 'Succeeded';
            }
            const expression = template.retryStrategy?.expression;
            const retryable = expression === undefined || new Function('lastRetry', 'asInt', `return ${expression}`)({ exitCode: String(exitCode) }, Number) === true;
            if (retries >= limit || !retryable) return 'Failed';
        }
    }

    /** A ConfigMap's folder: its keys as files, or with `items` each key at its path. */
    function configMapFolder(source: NonNullable<Volume['configMap']>): string {
        if (source.items === undefined) return path.join(mounts, source.name);
        const folder = path.join(mounts, `${source.name}-items`);
        const data = exported.configMaps.find(map => map.metadata.name === source.name)!.data;
        for (const item of source.items) {
            mkdirSync(path.dirname(path.join(folder, item.path)), { recursive: true });
            writeFileSync(path.join(folder, item.path), data[item.key]!);
        }
        return folder;
    }

    function runPod(template: Template, pod: { retries: number; item: string | undefined; publishDir: string }): Promise<number> {
        const container: Container = template.container!;
        const hostPaths = new Map<string, string>([['/tmp/weft-outputs', pod.publishDir]]);
        for (const mount of container.volumeMounts ?? []) {
            const volume = [...(template.volumes ?? []), ...workflow.spec.volumes].find(candidate => candidate.name === mount.name)!;
            hostPaths.set(mount.mountPath, volume.configMap ? configMapFolder(volume.configMap) : options.dataDir);
        }
        const rewrite = (text: string): string => {
            let result = substitute(text, { workflowName: options.run, parameters, retries: String(pod.retries), item: pod.item });
            for (const [mountPath, host] of hostPaths) result = result.split(mountPath).join(host);
            return result;
        };
        const [command, ...rest] = [...container.command, ...(container.args ?? [])].map(rewrite);
        if (command !== 'node') throw new Error(`the player runs node commands only, not ${command}`);
        return new Promise(resolve => {
            const child = spawn(process.execPath, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
            child.stdout.on('data', chunk => played.logs.push(String(chunk)));
            child.stderr.on('data', chunk => played.logs.push(String(chunk)));
            child.on('exit', code => resolve(code ?? 1));
        });
    }
}

function workflowParameters(workflow: ArgoWorkflow, given: Record<string, string>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const parameter of workflow.spec.arguments?.parameters ?? []) {
        const value = given[parameter.name] ?? parameter.value;
        if (value === undefined) throw new Error(`the workflow needs the parameter ${parameter.name}`);
        if (parameter.enum && !parameter.enum.includes(value)) throw new Error(`${parameter.name}: ${value} is not in the enum ${parameter.enum.join(', ')}`);
        values[parameter.name] = value;
    }
    return values;
}

function referencedTasks(task: DagTask): string[] {
    const names = [...(task.depends ?? '').matchAll(/([a-z0-9-]+)\.(Succeeded|Failed|Errored|Skipped)/g)].map(match => match[1]!);
    const source = /\{\{tasks\.([a-z0-9-]+)\./.exec(task.withParam ?? '');
    return source ? [...names, source[1]!] : names;
}

function evaluateDepends(depends: string, phases: ReadonlyMap<string, Phase>): boolean {
    const script = depends.replace(/([a-z0-9-]+)\.(Succeeded|Failed|Errored|Skipped)/g, (_, name: string, phase: string) => JSON.stringify(phases.get(name) === phase));
    return new Function(`return ${script}`)() === true;
}

function evaluateWhen(when: string, outputs: ReadonlyMap<string, Record<string, string>>, parameters: Record<string, string>): boolean {
    const expression = /^\{\{=(.*)\}\}$/s.exec(when)?.[1];
    if (expression === undefined) throw new Error(`the player evaluates {{=…}} conditions only, not ${when}`);
    const tasks = Object.fromEntries([...outputs].map(([name, values]) => [name, { outputs: { parameters: values } }]));
    const result: unknown = new Function('tasks', 'workflow', 'asFloat', `return ${expression}`)(tasks, { parameters }, (text: string) => {
        const value = Number(text);
        if (text === undefined || Number.isNaN(value)) throw new Error(`asFloat(${text})`);
        return value;
    });
    if (typeof result !== 'boolean') throw new Error(`the condition ${when} gave ${String(result)}`);
    return result;
}

function substitute(text: string, values: { workflowName?: string; parameters?: Record<string, string>; retries?: string; item?: string; tasks?: ReadonlyMap<string, Record<string, string>>; inputs?: Record<string, string> }): string {
    return text.replace(/\{\{([^}=][^}]*)\}\}/g, (whole, name: string) => {
        if (name === 'workflow.name' && values.workflowName !== undefined) return values.workflowName;
        if (name === 'retries' && values.retries !== undefined) return values.retries;
        if (name === 'inputs.parameters.item' && values.item !== undefined) return values.item;
        const input = /^inputs\.parameters\.(.+)$/.exec(name);
        if (input && values.inputs?.[input[1]!] !== undefined) return values.inputs[input[1]!]!;
        const parameter = /^workflow\.parameters\.(.+)$/.exec(name);
        if (parameter && values.parameters?.[parameter[1]!] !== undefined) return values.parameters[parameter[1]!]!;
        const output = /^tasks\.([a-z0-9-]+)\.outputs\.parameters\.(.+)$/.exec(name);
        if (output && values.tasks?.get(output[1]!)?.[output[2]!] !== undefined) return values.tasks.get(output[1]!)![output[2]!]!;
        throw new Error(`the player cannot resolve ${whole}`);
    });
}

/**
 * The binder: what runs first in every pod of an exported Argo workflow. Argo orders the
 * tasks and decides `when`; the binder does what the runtime's engine does for one attempt —
 * binds the pipeline's parameters, evaluates the node's arguments over them and over the
 * upstream outputs left on the shared volume (the runtime's own expression evaluator), runs
 * the worker entry, checks the step's contract on both sides (inputs, `where` clauses and
 * outputs, datasets' records too: step-boundary.ts, as the engine does), and publishes what downstream `when`s and fan-outs
 * need as Argo output parameters.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { WeftError } from '@weft/contract/errors';
import { checkStepInputs, checkStepOutputs } from '../../artifacts/step-boundary.js';
import { isCommandImplementation, type PlanCommandImplementation, type PlanFunctionImplementation, type PlanNode } from '../../contract/plan.js';
import { describeCommandExit } from '../../executors/command-launch.js';
import { pythonEnvironment, pythonWorkerCommand } from '../../executors/python-command.js';
import { artifactResolver, bindParameters } from '../../plan/bind-parameters.js';
import { evaluate, type EvaluationScope } from '../../plan/expression-evaluator.js';
import type { FailureRecord } from '../../plan/failure.js';
import { decodeValue, encodeValue } from '../../store/value-codec.js';
import { FAILURE_FILE, INPUTS_FILE, OUTPUTS_FILE, type WorkerFailure, type WorkerInputs } from '../../worker/worker-protocol.js';
import { type ArgoBinding, BinderExit, PROJECT_DIR, type Publication, PYTHON_BUNDLE, STEP_FILE, WORKER_FILE } from './argo-binding.js';
import { parseParameterText } from './parameter-kinds.js';
import { workDirOf } from './pod-conventions.js';

export interface BinderOptions {
    readonly binding: ArgoBinding;
    /** The shared volume's mount point (`/weft/data`). */
    readonly dataDir: string;
    /** The step bundle's mount point (`/weft/bundle`). */
    readonly bundleDir: string;
    /** Where Argo output parameters are written. */
    readonly publishDir: string;
    /** `{{workflow.name}}`. */
    readonly run: string;
    readonly node: string;
    /** `{{retries}}`: 0 for the first attempt. */
    readonly retries: number;
    /** The fan-out element, for a `for` node. */
    readonly item?: number;
    /** The workflow parameters as Argo passed them (text). */
    readonly parameters: Readonly<Record<string, string>>;
    /** The node binary that runs the worker (this one by default). */
    readonly nodePath?: string;
}

/** A failure of the binder itself, with whether a retry could help. */
class BindError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'argo-bind';

    constructor(message: string, readonly retryable: boolean) {
        super(message);
        this.name = 'BindError';
    }
}

/** Runs one attempt; resolves to the pod's exit code ({@link BinderExit}). Never throws. */
export async function runBoundAttempt(options: BinderOptions): Promise<number> {
    const { binding, dataDir, run } = options;
    const plan = binding.plan;
    const node = plan.nodes.find(candidate => candidate.id === options.node);
    const task = options.item === undefined ? options.node : `${options.node}[${options.item}]`;
    const attempt = options.retries + 1;
    const workDir = workDirOf(run, task, attempt).replace(/^\/weft\/data/, dataDir);
    const inputDir = path.join(workDir, 'in');
    const outDir = path.join(workDir, 'out');
    try {
        mkdirSync(inputDir, { recursive: true });
        mkdirSync(outDir, { recursive: true });
    } catch (error) {
        return report(undefined, `cannot make the work folder ${workDir}: ${messageOf(error)}`, BinderExit.retryable);
    }
    try {
        if (!node || node.call.kind !== 'step') throw new BindError(`the plan has no step call ${options.node}`, false);
        const scope = scopeFor(options, node);
        const inputs = Object.fromEntries(Object.entries(node.arguments).map(([name, argument]) => [name, evaluate(argument, scope)]));
        const projectRoot = path.join(dataDir, PROJECT_DIR);
        const brokenInputs = await checkStepInputs(task, node, inputs, projectRoot);
        if (brokenInputs) return report(outDir, brokenInputs.message, BinderExit.final);
        const content: WorkerInputs = { inputs: encodeValue(inputs) as Record<string, unknown>, node: node.id, attempt, contractHash: node.call.contractHash, step: node.call.step };
        writeFileSync(path.join(inputDir, INPUTS_FILE), JSON.stringify(content));
        const implementation = node.call.implementation;
        const command = isCommandImplementation(implementation) ? implementation : undefined;
        const exitCode = command ? await runCommand(options, command, inputDir, outDir)
            : !isCommandImplementation(implementation) && implementation.language === 'python' ? await runPythonWorker(options, implementation, inputDir, outDir) : await runWorker(options, inputDir, outDir);
        const outputsFile = path.join(outDir, OUTPUTS_FILE);
        if (exitCode === 0 && existsSync(outputsFile)) {
            const outputs = decodeValue(JSON.parse(readFileSync(outputsFile, 'utf8'))) as Record<string, unknown>;
            const brokenOutputs = await checkStepOutputs(task, node, inputs, outputs, projectRoot);
            if (brokenOutputs) return report(outDir, brokenOutputs.message, BinderExit.final);
            publish(options, binding.publish[node.id] ?? [], scope, node.id, outputs);
            return BinderExit.completed;
        }
        const failureFile = path.join(outDir, FAILURE_FILE);
        if (existsSync(failureFile)) {
            const failure = JSON.parse(readFileSync(failureFile, 'utf8')) as WorkerFailure;
            process.stderr.write(`weft: ${task} failed: ${failure.message}\n`);
            return failure.retryable ? BinderExit.retryable : BinderExit.final;
        }
        // 137: killed at the memory limit (not retried, as the runtime does); anything else may be transient.
        if (!command) return report(outDir, `the worker exited with ${exitCode} without a result`, exitCode === 137 ? BinderExit.final : BinderExit.retryable);
        // 127: the executable is not in the image (the binder cannot start it, or a shell did not find it).
        const { message, retryable } = describeCommandExit({ exitCode, stderrTail: '' });
        return report(outDir, message, retryable && exitCode !== 137 && exitCode !== 127 ? BinderExit.retryable : BinderExit.final);
    } catch (error) {
        return report(outDir, messageOf(error), error instanceof BindError ? (error.retryable ? BinderExit.retryable : BinderExit.final) : BinderExit.final);
    }
}

/** The scope the runtime's engine would give this node: parameters, upstream outputs, loop variable, failure. */
function scopeFor(options: BinderOptions, node: PlanNode): EvaluationScope {
    const { binding, dataDir, run } = options;
    const plan = binding.plan;
    const given: Record<string, unknown> = {};
    for (const [name, text] of Object.entries(options.parameters)) {
        const kind = binding.parameterKinds[name];
        if (kind === undefined) throw new BindError(`the pipeline has no parameter ${name}`, false);
        given[name] = parseParameterText(name, text, kind);
    }
    const projectRoot = path.join(dataDir, PROJECT_DIR);
    const parameters = bindParameters(plan, given, projectRoot);
    const outputsOf = (task: string): Record<string, unknown> => {
        const found = latestAttemptFile(dataDir, run, task, OUTPUTS_FILE);
        if (!found) throw new BindError(`no outputs of ${task} under ${path.join(dataDir, 'runs', run, task)}`, true);
        return decodeValue(JSON.parse(readFileSync(found.file, 'utf8'))) as Record<string, unknown>;
    };
    const scope: EvaluationScope = {
        parameters,
        output: id => {
            const upstream = plan.nodes.find(candidate => candidate.id === id);
            if (!upstream?.forEach) return outputsOf(id);
            const items = evaluate(upstream.forEach.items, scope);
            if (!Array.isArray(items)) throw new BindError(`the items of ${id} are not a list`, false);
            const field = upstream.forEach.output;
            return items.map((_, index) => {
                const outputs = outputsOf(`${id}[${index}]`);
                return field === undefined ? outputs : outputs[field];
            });
        },
        artifact: artifactResolver(plan, projectRoot),
    };
    const variables = node.forEach && options.item !== undefined ? { [node.forEach.variable]: elementOf(node, options.item, scope) } : undefined;
    const failure = node.onFailureOf ? failureOf(node.onFailureOf, options, plan.nodes) : undefined;
    return { ...scope, ...(variables ? { variables } : {}), ...(failure ? { failure } : {}) };
}

function elementOf(node: PlanNode, index: number, scope: EvaluationScope): unknown {
    const items = evaluate(node.forEach!.items, scope);
    if (!Array.isArray(items) || index < 0 || index >= items.length) throw new BindError(`${node.id} has no element ${index}`, false);
    return items[index];
}

/** The first watched call that failed for good, as an `on failure` block sees it. */
function failureOf(watched: readonly string[], options: BinderOptions, nodes: readonly PlanNode[]): FailureRecord {
    for (const id of watched) {
        const found = latestAttemptFile(options.dataDir, options.run, id, FAILURE_FILE);
        if (!found) continue;
        const failure = JSON.parse(readFileSync(found.file, 'utf8')) as WorkerFailure;
        const call = nodes.find(candidate => candidate.id === id)?.call;
        const step = call?.kind === 'step' ? call.step : (call?.pipeline ?? id);
        return { step, message: failure.message, attempts: found.attempt };
    }
    throw new BindError(`none of ${watched.join(', ')} left a failure`, false);
}

/** `<data>/runs/<run>/<task>/<n>/out/<file>` of the highest attempt `n` that has it. */
function latestAttemptFile(dataDir: string, run: string, task: string, file: string): { file: string; attempt: number } | undefined {
    const taskDir = path.join(dataDir, 'runs', run, task);
    if (!existsSync(taskDir)) return undefined;
    const attempts = readdirSync(taskDir).filter(name => /^\d+$/.test(name)).map(Number).sort((a, b) => b - a);
    for (const attempt of attempts) {
        const candidate = path.join(taskDir, String(attempt), 'out', file);
        if (existsSync(candidate)) return { file: candidate, attempt };
    }
    return undefined;
}

function runWorker(options: BinderOptions, inputDir: string, outDir: string): Promise<number> {
    return runChild(spawn(options.nodePath ?? process.execPath, [path.join(options.bundleDir, WORKER_FILE), path.join(options.bundleDir, STEP_FILE), inputDir, outDir], { stdio: 'inherit' }));
}

/**
 * The Python worker on the image's `python3`, as the kubernetes executor's Job runs it
 * (kubernetes/job-spec.ts), over the bundle's `python/`, `project/` and `pythonpath/<n>/`.
 */
function runPythonWorker(options: BinderOptions, implementation: PlanFunctionImplementation, inputDir: string, outDir: string): Promise<number> {
    const bundle = (folder: string): string => path.posix.join(options.bundleDir, folder);
    const pathRoot = bundle(PYTHON_BUNDLE.modulePath);
    const modulePath = existsSync(pathRoot) ? readdirSync(pathRoot).filter(name => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b)).map(name => path.posix.join(pathRoot, name)) : [];
    const [executable, ...args] = pythonWorkerCommand('python3', {
        workerDir: bundle(PYTHON_BUNDLE.worker), root: bundle(PYTHON_BUNDLE.project),
        module: path.posix.join(bundle(PYTHON_BUNDLE.project), path.posix.normalize(implementation.module)), inputDir, outDir,
    }, implementation.export);
    const env = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', ...pythonEnvironment(modulePath), ...traceEnvironment() };
    return runChild(spawn(executable!, args, { cwd: outDir, env, stdio: 'inherit' }));
}

/** The pod's trace context, passed on to the step. */
function traceEnvironment(): Record<string, string> {
    return Object.fromEntries(['TRACEPARENT', 'TRACESTATE'].flatMap(name => process.env[name] === undefined ? [] : [[name, process.env[name]!]]));
}

/**
 * A command step over the file protocol (docs/runtime.md): in its folder under the mounted
 * project files, found on the image's `PATH`; 127 when it cannot be started.
 */
function runCommand(options: BinderOptions, implementation: PlanCommandImplementation, inputDir: string, outDir: string): Promise<number> {
    const [executable, ...args] = implementation.command;
    const env = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', WEFT_INPUTS: path.join(inputDir, INPUTS_FILE), WEFT_OUT_DIR: outDir, ...traceEnvironment() };
    return runChild(spawn(executable!, args, { cwd: path.join(options.bundleDir, implementation.directory), env, stdio: 'inherit' }));
}

/** The exit code of a child the pod runs, passing the pod's SIGTERM on to it. */
function runChild(child: ChildProcess): Promise<number> {
    return new Promise(resolve => {
        const stop = (): void => { child.kill('SIGTERM'); };
        process.once('SIGTERM', stop);
        child.once('error', () => resolve(127));
        child.once('exit', (code, signal) => {
            process.off('SIGTERM', stop);
            resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
        });
    });
}

/** Writes each publication as a file named after it: strings as they are, other values as JSON. */
function publish(options: BinderOptions, publications: readonly Publication[], scope: EvaluationScope, self: string, outputs: Record<string, unknown>): void {
    if (publications.length === 0) return;
    mkdirSync(options.publishDir, { recursive: true });
    const withSelf: EvaluationScope = { ...scope, output: id => (id === self ? outputs : scope.output(id)) };
    for (const publication of publications) {
        let text: string;
        if (publication.kind === 'value') {
            const value = publication.path.reduce<unknown>((current, name) => memberOf(current, name, publication.path), outputs);
            text = typeof value === 'string' ? value : JSON.stringify(encodeValue(value));
        } else {
            const items = evaluate(publication.items, withSelf);
            if (!Array.isArray(items)) throw new BindError(`the items published as ${publication.name} are not a list`, false);
            text = JSON.stringify(items.map((_, index) => index));
        }
        writeFileSync(path.join(options.publishDir, publication.name), text);
    }
}

function memberOf(value: unknown, name: string, whole: readonly string[]): unknown {
    if (value instanceof Map) return value.get(name);
    if (typeof value === 'object' && value !== null && name in value) return (value as Record<string, unknown>)[name];
    throw new BindError(`the outputs have no ${whole.join('.')}`, false);
}

/** Records the binder's own failure where the runtime would look for it, and on stderr for the pod log. */
function report(outDir: string | undefined, message: string, exit: number): number {
    process.stderr.write(`weft: ${message}\n`);
    if (outDir !== undefined) {
        const failure: WorkerFailure = { message, name: 'BindError', origin: 'worker', retryable: exit === BinderExit.retryable };
        try {
            writeFileSync(path.join(outDir, FAILURE_FILE), JSON.stringify(failure));
        } catch {
            // The message is on stderr already.
        }
    }
    return exit;
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { StepLogger } from '../contract/step-context.js';
import type { AttemptSpec, Executor } from '../executors/executor.js';
import type { Placement } from '../scheduling/capacity.js';
import type { RunStore } from '../store/run-store.js';
import { type AttemptFailure, AttemptTimeoutError, OutputMismatchError, RunCancelledError } from './failure.js';
import type { RunTask } from './run-task.js';

/** How an attempt ended, from the engine's side. */
export type AttemptOutcome =
    | { readonly kind: 'completed'; readonly outputs: Readonly<Record<string, unknown>> }
    | { readonly kind: 'failed'; readonly failure: AttemptFailure; readonly timedOut: boolean }
    | { readonly kind: 'cancelled' };

export interface AttemptContext {
    readonly runId: string;
    readonly root: string;
    readonly workRoot: string;
    readonly store: RunStore;
    readonly executor: Executor;
    readonly runSignal: AbortSignal;
    /** Where the scheduler placed the attempt (a Kubernetes pool). */
    readonly placement?: Placement;
}

/**
 * Runs one attempt of a prepared task: makes its work directory, links its signal to the
 * run's and to its timeout, calls the executor and checks the outputs against the step.
 */
export async function runAttempt(task: RunTask, attempt: number, context: AttemptContext): Promise<AttemptOutcome> {
    const { inputs, settings } = task.prepared!;
    if (task.node.call.kind !== 'step') throw new Error(`${task.id} is not a step call`);
    const workDir = path.join(context.workRoot, context.runId, task.id.replace(/[^A-Za-z0-9_-]/g, '_'), `attempt-${attempt}`);
    await mkdir(workDir, { recursive: true });
    const controller = new AbortController();
    const onRunAbort = (): void => controller.abort(new RunCancelledError(context.runId, { cause: context.runSignal.reason }));
    if (context.runSignal.aborted) onRunAbort();
    context.runSignal.addEventListener('abort', onRunAbort, { once: true });
    const timeoutMs = settings.timeoutMs;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new AttemptTimeoutError(task.id, timeoutMs)), timeoutMs);
    const spec: AttemptSpec = {
        runId: context.runId,
        taskId: task.id,
        node: task.node.id,
        step: { name: task.node.call.step, contractHash: task.node.call.contractHash, implementation: task.node.call.implementation },
        attempt,
        inputs,
        resources: settings.resources,
        ...(settings.image === undefined ? {} : { image: settings.image }),
        ...(context.placement ? { placement: context.placement } : {}),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        workDir,
        root: context.root,
        outputs: task.node.outputs,
        sandbox: { network: settings.network },
    };
    task.spec = spec;
    try {
        const result = await context.executor.execute(spec, { signal: controller.signal, logger: storeLogger(context.store, context.runId, task.id, attempt) })
            .catch((error: unknown) => ({ status: 'failed' as const, failure: { message: error instanceof Error ? error.message : String(error), retryable: true, cause: error } }));
        if (result.status === 'completed') {
            const mismatch = outputMismatch(task, result.outputs);
            return mismatch ? { kind: 'failed', failure: { message: mismatch.message, retryable: false, cause: mismatch }, timedOut: false } : { kind: 'completed', outputs: result.outputs };
        }
        const reason: unknown = controller.signal.reason;
        if (reason instanceof RunCancelledError) return { kind: 'cancelled' };
        if (reason instanceof AttemptTimeoutError) return { kind: 'failed', failure: { message: reason.message, retryable: true, cause: reason }, timedOut: true };
        return { kind: 'failed', failure: result.failure, timedOut: false };
    } finally {
        clearTimeout(timer);
        task.spec = undefined;
        context.runSignal.removeEventListener('abort', onRunAbort);
    }
}

/** The first declared output the step did not return, as an error naming it. */
function outputMismatch(task: RunTask, outputs: Readonly<Record<string, unknown>>): OutputMismatchError | undefined {
    const missing = task.node.outputs.find(output => outputs[output.name] === undefined);
    return missing && new OutputMismatchError(task.id, missing.name, `is missing (declared as ${missing.type})`);
}

/** A step logger that appends to the run's events. */
function storeLogger(store: RunStore, runId: string, taskId: string, attempt: number): StepLogger {
    const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Readonly<Record<string, unknown>>): void => {
        store.appendEvent(runId, { at: Date.now(), taskId, attempt, level, message, ...(fields === undefined ? {} : { fields: jsonSafe(fields) }) });
    };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Fields as JSON can hold them (a bigint or a cycle must not lose the log line). */
function jsonSafe(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
    try {
        return JSON.parse(JSON.stringify(fields, (_key, value: unknown) => typeof value === 'bigint' ? value.toString() : value)) as Record<string, unknown>;
    } catch {
        return { unserializable: String(fields) };
    }
}

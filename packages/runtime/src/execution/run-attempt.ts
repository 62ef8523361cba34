import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { checkStepInputs, checkStepOutputs } from '../artifacts/step-boundary.js';
import type { AttemptSpec, Executor } from '../executors/executor.js';
import type { Placement } from '../scheduling/capacity.js';
import { describeInputs, describeOutputs } from '../lineage/value-lineage.js';
import type { ArtifactRecord, RunStore, TaskInputRecord } from '../store/run-store.js';
import type { FileDigests } from '../trust/file-digests.js';
import { ModelVerificationError, type SignedModels } from '../trust/signed-models.js';
import { type BoundedLogger, boundedLogger } from './bounded-logger.js';
import type { StepContractError } from '../artifacts/contract-errors.js';
import { type AttemptFailure, AttemptTimeoutError, RunCancelledError } from '../plan/failure.js';
import { setLongTimeout } from './long-timer.js';
import { storableText } from '../store/log-limits.js';
import type { RunTask } from './run-task.js';
import type { AbortListeners } from './abort-listeners.js';

/** How an attempt ended, from the engine's side. */
export type AttemptOutcome =
    | { readonly kind: 'completed'; readonly outputs: Readonly<Record<string, unknown>>; readonly lineage?: AttemptLineage }
    | { readonly kind: 'failed'; readonly failure: AttemptFailure; readonly timedOut: boolean }
    | { readonly kind: 'cancelled' };

/** What a completed attempt consumed and produced, with digests, for the run store. */
export interface AttemptLineage {
    readonly inputs: readonly TaskInputRecord[];
    readonly artifacts: readonly ArtifactRecord[];
}

export interface AttemptContext {
    readonly runId: string;
    readonly root: string;
    readonly workRoot: string;
    readonly store: RunStore;
    readonly executor: Executor;
    readonly runSignal: AbortSignal;
    /** The run signal's listeners (one per attempt in flight). */
    readonly runAborts: AbortListeners;
    /** Where the scheduler placed the attempt (a Kubernetes pool). */
    readonly placement?: Placement;
    /** Checks the signed models among a task's inputs before its step may run. */
    readonly signedModels?: SignedModels;
    /** Digests of files, shared across the run (lineage). */
    readonly digests?: FileDigests;
}

/**
 * Runs one attempt of a prepared task: makes its work directory, links its signal to the
 * run's and to its timeout, calls the executor, and checks the step's contract on both sides
 * (step-boundary.ts): inputs before the executor starts, outputs before they are kept.
 */
export async function runAttempt(task: RunTask, attempt: number, context: AttemptContext): Promise<AttemptOutcome> {
    const { inputs, settings } = task.prepared!;
    if (task.node.call.kind !== 'step') throw new Error(`${task.id} is not a step call`);
    const refused = await verifySignedModels(task, attempt, context);
    if (refused) return refused;
    let brokenInputs: StepContractError | undefined;
    try {
        brokenInputs = await checkStepInputs(task.id, task.node, inputs, context.root, context.runSignal);
    } catch (error) {
        if (context.runSignal.aborted) return { kind: 'cancelled' };
        throw error;
    }
    if (brokenInputs) return brokenContract(brokenInputs);
    const consumed = context.digests && await describeInputs(task.id, attempt, inputs, context.digests).catch(() => undefined);
    const workDir = path.join(context.workRoot, context.runId, task.id.replace(/[^A-Za-z0-9_-]/g, '_'), `attempt-${attempt}`);
    if (!context.executor.makesWorkDir) await mkdir(workDir, { recursive: true });
    const controller = new AbortController();
    const stopListening = context.runAborts.add(() => controller.abort(new RunCancelledError(context.runId, { cause: context.runSignal.reason })));
    const timeoutMs = settings.timeoutMs;
    const timer = timeoutMs === undefined ? undefined : setLongTimeout(() => controller.abort(new AttemptTimeoutError(task.id, timeoutMs)), timeoutMs);
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
    const logger = storeLogger(context.store, context.runId, task.id, attempt);
    try {
        const result = await context.executor.execute(spec, { signal: controller.signal, logger })
            .catch((error: unknown) => ({ status: 'failed' as const, failure: { message: error instanceof Error ? error.message : String(error), retryable: true, cause: error } }));
        // The outputs of every executor are checked here, datasets' records too, within the attempt's timeout.
        let checkAborted = false;
        const brokenOutputs = result.status === 'completed'
            ? await checkStepOutputs(task.id, task.node, inputs, result.outputs, context.root, controller.signal).catch((error: unknown) => {
                if (!controller.signal.aborted) throw error;
                checkAborted = true;
                return undefined;
            })
            : undefined;
        if (brokenOutputs) return brokenContract(brokenOutputs);
        // A step that answers the timeout or a cancel by returning anyway did not complete in time.
        if (result.status === 'completed' && !checkAborted && !controller.signal.aborted) {
            const artifacts = context.digests && await describeOutputs(task.id, attempt, result.outputs, result.artifacts, context.digests).catch(() => undefined);
            return { kind: 'completed', outputs: result.outputs, ...(consumed && artifacts ? { lineage: { inputs: consumed, artifacts } } : {}) };
        }
        const reason: unknown = controller.signal.reason;
        if (reason instanceof RunCancelledError) return { kind: 'cancelled' };
        if (reason instanceof AttemptTimeoutError) return { kind: 'failed', failure: { message: reason.message, retryable: true, cause: reason }, timedOut: true };
        if (result.status === 'completed') return { kind: 'failed', failure: { message: String(reason), retryable: true, cause: reason }, timedOut: false };
        // The step's error message is stored (task, attempt, transition) and printed: bounded like a log line.
        return { kind: 'failed', failure: { ...result.failure, message: storableText(result.failure.message) }, timedOut: false };
    } finally {
        logger.finish();
        timer?.clear();
        task.spec = undefined;
        stopListening();
    }
}

/**
 * Verifies the signed models among the task's inputs; a failure fails the attempt for good
 * before its step starts (the step's code never runs). Each verification is recorded.
 */
async function verifySignedModels(task: RunTask, attempt: number, context: AttemptContext): Promise<AttemptOutcome | undefined> {
    if (!context.signedModels?.any) return undefined;
    try {
        for (const verified of await context.signedModels.check(task.prepared!.inputs)) {
            context.store.recordVerification(context.runId, verified.model, verified.keyId);
            context.store.appendEvent(context.runId, {
                at: Date.now(), taskId: task.id, attempt, level: 'info', message: `model ${verified.model} verified by ${verified.signedBy}`,
                fields: { model: verified.model, file: verified.file, keyId: verified.keyId },
            });
        }
        return undefined;
    } catch (error) {
        if (!(error instanceof ModelVerificationError)) throw error;
        return { kind: 'failed', failure: { message: error.message, retryable: false, cause: error }, timedOut: false };
    }
}

/** A broken contract fails the attempt for good: the same values break it again. */
function brokenContract(error: StepContractError): AttemptOutcome {
    return { kind: 'failed', failure: { message: storableText(error.message), retryable: false, cause: error }, timedOut: false };
}

/** A step logger that appends to the run's events, within the per-attempt log limits. */
function storeLogger(store: RunStore, runId: string, taskId: string, attempt: number): BoundedLogger {
    return boundedLogger((level, message, fields) => {
        store.appendEvent(runId, { at: Date.now(), taskId, attempt, level, message, ...(fields === undefined ? {} : { fields }) });
    });
}

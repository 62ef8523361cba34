import { WeftError } from '@weft/contract/errors';

/**
 * What failed, which decides whether `retry` retries it (docs/runtime.md, "Failures"):
 * - `step`: the step's code — it threw, returned something that breaks its contract, or left
 *   files the host refuses. Retried only when the step's `retry` has `stepErrors: true`.
 * - `infrastructure`: what the step ran on — its process, sandbox or pod was lost or killed,
 *   the attempt timed out, it hit its memory limit, the cluster could not be reached. Retried by `retry`.
 * - `refused`: the runtime would not run it (a signed model that does not verify): never retried.
 */
export type FailureKind = 'step' | 'infrastructure' | 'refused';

/**
 * Weft's `Failure` record, as an `on failure` block sees it and the run store keeps it:
 * `{ step, message, attempts, exitCode? }` (docs/language.md), with what failed (`kind`) and,
 * for an error thrown by the step, its stack mapped to the step's sources.
 */
export interface FailureRecord {
    readonly step: string;
    readonly message: string;
    readonly attempts: number;
    readonly exitCode?: number;
    readonly kind?: FailureKind;
    /** The error's name (`TypeError`), when the step threw one. */
    readonly error?: string;
    /** The stack's frames, one per line (`at helper (steps/train.ts:4:11)`). */
    readonly stack?: string;
    /** A declared error the step raised (`raises (…)`): its type's name and its fields, checked against the type. */
    readonly raised?: { readonly type: string; readonly fields: Readonly<Record<string, unknown>> };
}

/** Why an attempt ended without outputs; `retryable` says whether a retry may help, `kind` what failed. */
export interface AttemptFailure {
    readonly message: string;
    readonly retryable: boolean;
    readonly exitCode?: number;
    /** Set by an executor that knows; otherwise `failureKind` tells it from the cause. */
    readonly kind?: FailureKind;
    readonly cause?: unknown;
}

/** The attempt ran longer than its step's `timeout`. Retryable: the next attempt may be faster. */
export class AttemptTimeoutError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'attempt-timeout';

    constructor(readonly task: string, readonly timeoutMs: number) {
        super(`${task} timed out after ${timeoutMs} ms`);
        this.name = 'AttemptTimeoutError';
    }
}

/** The run was cancelled (its `signal` aborted). Never retried. */
export class RunCancelledError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'run-cancelled';

    constructor(readonly runId: string, options?: ErrorOptions) {
        super(`run ${runId} was cancelled`, options);
        this.name = 'RunCancelledError';
    }
}

export function isCancellation(error: unknown): error is RunCancelledError {
    return error instanceof RunCancelledError;
}

/** A task whose resources exceed the whole capacity of its target: it can never start. */
export class UnschedulableTaskError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unschedulable-task';

    constructor(readonly task: string, readonly resource: 'cpu' | 'memory' | 'gpu' | 'gpuMemory', readonly requested: number, readonly capacity: number) {
        super(`${task} needs ${describe(resource, requested)} but the target has only ${describe(resource, capacity)} in all; `
            + `lower the step's resources or give the target more capacity`);
        this.name = 'UnschedulableTaskError';
    }
}

/**
 * An error in the step's code that the runtime finds (outputs or inputs that break the contract):
 * a failure of kind `step`, retried only with `retry { stepErrors: true }`. The boundary's
 * named errors (contract-errors.ts: `OutputMismatchError` and the others) extend it.
 */
export class StepCodeError extends WeftError {
    static override readonly fault = 'step';
    static override readonly code: string = 'step-code';
}

function describe(resource: 'cpu' | 'memory' | 'gpu' | 'gpuMemory', amount: number): string {
    if (resource === 'cpu') return `${amount}m cpu`;
    if (resource === 'memory') return `${amount} bytes of memory`;
    if (resource === 'gpuMemory') return `${amount} bytes of GPU memory`;
    return `${amount} gpu`;
}

/** The whole run outlived the pipeline's `timeout`: what was running is cancelled and the run fails. */
export class RunTimeoutError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'run-timeout';

    constructor(readonly runId: string, readonly pipeline: string, readonly timeoutMs: number) {
        super(`${pipeline} ran out of its timeout of ${timeoutMs} ms; the tasks still running or waiting were cancelled`);
        this.name = 'RunTimeoutError';
    }
}

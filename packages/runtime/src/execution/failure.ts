/**
 * Weft's `Failure` record, as an `on failure` block sees it and the run store keeps it:
 * `{ step, message, attempts, exitCode? }` (docs/language.md).
 */
export interface FailureRecord {
    readonly step: string;
    readonly message: string;
    readonly attempts: number;
    readonly exitCode?: number;
}

/** Why an attempt ended without outputs; `retryable` decides whether a retry may help. */
export interface AttemptFailure {
    readonly message: string;
    readonly retryable: boolean;
    readonly exitCode?: number;
    readonly cause?: unknown;
}

/** The attempt ran longer than its step's `timeout`. Retryable: the next attempt may be faster. */
export class AttemptTimeoutError extends Error {
    constructor(readonly task: string, readonly timeoutMs: number) {
        super(`${task} timed out after ${timeoutMs} ms`);
        this.name = 'AttemptTimeoutError';
    }
}

/** The run was cancelled (its `signal` aborted). Never retried. */
export class RunCancelledError extends Error {
    constructor(readonly runId: string, options?: ErrorOptions) {
        super(`run ${runId} was cancelled`, options);
        this.name = 'RunCancelledError';
    }
}

export function isCancellation(error: unknown): error is RunCancelledError {
    return error instanceof RunCancelledError;
}

/** A task whose resources exceed the whole capacity of its target: it can never start. */
export class UnschedulableTaskError extends Error {
    constructor(readonly task: string, readonly resource: 'cpu' | 'memory' | 'gpu', readonly requested: number, readonly capacity: number) {
        super(`${task} needs ${describe(resource, requested)} but the target has only ${describe(resource, capacity)} in all; `
            + `lower the step's resources or give the target more capacity`);
        this.name = 'UnschedulableTaskError';
    }
}

// Moved to contract-errors.ts with the other errors of a broken contract; kept here for imports.
export { OutputMismatchError } from './contract-errors.js';

function describe(resource: 'cpu' | 'memory' | 'gpu', amount: number): string {
    if (resource === 'cpu') return `${amount}m cpu`;
    if (resource === 'memory') return `${amount} bytes of memory`;
    return `${amount} gpu`;
}

/** The whole run outlived the pipeline's `timeout`: what was running is cancelled and the run fails. */
export class RunTimeoutError extends Error {
    constructor(readonly runId: string, readonly pipeline: string, readonly timeoutMs: number) {
        super(`${pipeline} ran out of its timeout of ${timeoutMs} ms; the tasks still running or waiting were cancelled`);
        this.name = 'RunTimeoutError';
    }
}

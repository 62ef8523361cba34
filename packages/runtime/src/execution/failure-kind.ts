/**
 * What failed in an attempt (the step's code, what it ran on, or the runtime's refusal) and
 * whether `retry` retries it: the one place that decides (docs/runtime.md, "Failures").
 */
import { AttemptFileError } from '../artifacts/attempt-files.js';
import { BundleError } from '../bundling/bundle-step.js';
import { ModelVerificationError } from '../trust/signed-models.js';
import type { WorkerFailure } from '../worker/worker-protocol.js';
import { type AttemptFailure, AttemptTimeoutError, type FailureKind, StepCodeError } from '../plan/failure.js';
import type { RetryPolicy } from '../plan/step-settings.js';

/** Errors of what a step ran on, by name: the gVisor (and Kubernetes) executors report them. */
const INFRASTRUCTURE_ERRORS = new Set(['OutOfMemoryError']);
/** Errors the step's own code causes, by name (a fork bomb stopped at the sandbox's pids limit). */
const STEP_ERRORS = new Set(['PidsLimitError']);

/** What failed: the executor's own `kind`, else what its cause says. */
export function failureKind(failure: AttemptFailure, timedOut: boolean): FailureKind {
    if (failure.kind) return failure.kind;
    if (timedOut) return 'infrastructure';
    const cause = failure.cause;
    if (isWorkerFailure(cause)) {
        if (cause.origin === 'step') return 'step';
        return failure.retryable ? 'infrastructure' : 'refused';
    }
    if (cause instanceof AttemptTimeoutError) return 'infrastructure';
    if (cause instanceof StepCodeError || cause instanceof AttemptFileError) return 'step';
    if (cause instanceof ModelVerificationError || cause instanceof BundleError) return 'refused';
    if (cause instanceof Error && INFRASTRUCTURE_ERRORS.has(cause.name)) return 'infrastructure';
    if (cause instanceof Error && STEP_ERRORS.has(cause.name)) return 'step';
    // A failure an executor marks retryable is one of the machinery (a crash, a lost pod, the API).
    return failure.retryable ? 'infrastructure' : 'refused';
}

/**
 * Whether a failed attempt may be retried (attempts left aside): an error of the step's code
 * only when its `retry` has `stepErrors: true`; an infrastructure failure when a retry could
 * end otherwise (the same memory limit would kill it again: that is `retry { memory }`'s to
 * raise); a refusal never.
 */
export function retriesFailure(kind: FailureKind, failure: AttemptFailure, policy: RetryPolicy): boolean {
    if (kind === 'step') return policy.stepErrors;
    if (kind === 'infrastructure') return failure.retryable;
    return false;
}

export function isWorkerFailure(cause: unknown): cause is WorkerFailure {
    const record = cause as Partial<WorkerFailure> | null;
    return typeof record === 'object' && record !== null && (record.origin === 'step' || record.origin === 'worker') && typeof record.message === 'string';
}

/**
 * What failed in an attempt (the step's code, what it ran on, or the runtime's refusal) and
 * whether `retry` retries it: the one place that decides (docs/runtime.md, "Failures").
 */
import { type Fault, WeftError } from '@weft/contract/errors';
import type { WorkerFailure } from '../worker/worker-protocol.js';
import type { AttemptFailure, FailureKind } from '../plan/failure.js';
import type { RetryPolicy } from '../plan/step-settings.js';

/**
 * What failed, from whose fault the error is: an error of the step's code or of what it ran on
 * is that; a mistake of the user's (a model that does not verify, a step that cannot be bundled)
 * or a bug of Weft's is refused, since running it again cannot help.
 */
const kindOfFault: Readonly<Record<Fault, FailureKind>> = {
    step: 'step',
    infrastructure: 'infrastructure',
    user: 'refused',
    weft: 'refused',
};

/** What failed: the executor's own `kind`, else what its cause says. */
export function failureKind(failure: AttemptFailure, timedOut: boolean): FailureKind {
    if (failure.kind) return failure.kind;
    if (timedOut) return 'infrastructure';
    const cause = failure.cause;
    if (isWorkerFailure(cause)) {
        if (cause.origin === 'step') return 'step';
        return failure.retryable ? 'infrastructure' : 'refused';
    }
    if (cause instanceof WeftError) return kindOfFault[cause.fault];
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

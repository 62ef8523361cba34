/**
 * A failed attempt as the run store keeps it: the task's failure record (with its kind, and for
 * an error the step threw, its name and stack mapped to the step's sources), and one `error`
 * event of the attempt, so that `weft logs` shows the failure among the step's lines.
 */
import type { RunStore } from '../store/run-store.js';
import type { AttemptFailure, FailureKind, FailureRecord } from '../plan/failure.js';
import { isWorkerFailure } from './failure-kind.js';
import { storableText } from '../store/log-limits.js';

/** How `weft logs` and `weft show` name each kind of failure. */
export const KIND_LABELS: Readonly<Record<FailureKind, string>> = {
    step: 'error in the step',
    infrastructure: 'infrastructure failure',
    refused: 'refused by the runtime',
};

/** The most stack frames a failure keeps (Node records 10 unless the step raised `Error.stackTraceLimit`). */
const MAX_FRAMES = 50;

/** The failure as the task records it: with its kind and, for an error the step threw, its name and stack. */
export function failureRecord(step: string, failure: AttemptFailure, attempts: number, kind: FailureKind): FailureRecord {
    // Only the stack of what the step's code threw helps its author; the runtime's frames behind a
    // timeout or a contract check would not (an executor that says `kind: 'step'` hands the step's error).
    const threwItself = isWorkerFailure(failure.cause) ? failure.cause.origin === 'step' : failure.kind === 'step';
    const thrown = thrownError(failure.cause, kind === 'step' && threwItself);
    return {
        step, message: failure.message, attempts,
        ...(failure.exitCode === undefined ? {} : { exitCode: failure.exitCode }),
        kind,
        ...(thrown?.name === undefined ? {} : { error: thrown.name }),
        ...(thrown?.stack === undefined ? {} : { stack: thrown.stack }),
    };
}

/** The name and frames of the error behind a failure: the worker's `failure.json`, or an error thrown in this process. */
function thrownError(cause: unknown, withStack: boolean): { name?: string; stack?: string } | undefined {
    if (isWorkerFailure(cause) || cause instanceof Error) return { name: cause.name, ...(withStack ? framesOf(cause.stack) : {}) };
    return undefined;
}

/** Only the `at …` lines, at most {@link MAX_FRAMES}, bounded like a log line. */
function framesOf(stack: unknown): { stack?: string } {
    if (typeof stack !== 'string') return {};
    const frames = stack.split('\n').map(line => line.trim()).filter(line => line.startsWith('at '));
    if (frames.length === 0) return {};
    const kept = frames.length > MAX_FRAMES ? [...frames.slice(0, MAX_FRAMES), `… ${frames.length - MAX_FRAMES} more frames`] : frames;
    return { stack: storableText(kept.join('\n')) };
}

/** Appends the attempt's failure to the run's events: `attempt 2 failed (step): …`, with its kind, error, exit code and stack as fields. */
export function recordAttemptFailure(store: RunStore, runId: string, taskId: string, failure: FailureRecord, retry: string | undefined): void {
    const what = KIND_LABELS[failure.kind ?? 'step'];
    store.appendEvent(runId, {
        at: Date.now(), taskId, attempt: failure.attempts, level: 'error',
        message: storableText(`attempt ${failure.attempts} failed (${what}, ${retry ?? 'not retried'}): ${named(failure)}`),
        fields: {
            failure: {
                kind: failure.kind, ...(failure.error === undefined ? {} : { error: failure.error }),
                ...(failure.exitCode === undefined ? {} : { exitCode: failure.exitCode }),
                ...(failure.stack === undefined ? {} : { stack: failure.stack }),
            },
        },
    });
}

/** `TypeError: …`: the message with the error's name, unless it is a plain `Error` or already says it. */
function named(failure: FailureRecord): string {
    const name = failure.error;
    return name === undefined || name === 'Error' || failure.message.startsWith(`${name}:`) ? failure.message : `${name}: ${failure.message}`;
}

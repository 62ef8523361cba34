import { transition, type TaskState } from '../lifecycle/task-state.js';
import type { RunStore } from '../store/run-store.js';
import { encodeValue } from '../store/value-codec.js';
import type { FailureRecord } from '../plan/failure.js';
import type { RunTask } from './run-task.js';

/** What changes with a transition besides the state. */
export interface TransitionDetails {
    readonly reason?: string;
    readonly attempts?: number;
    readonly failedForGood?: boolean;
    readonly value?: unknown;
    readonly failure?: FailureRecord;
    /** The digest of the step's code, recorded when the task completes. */
    readonly code?: string;
}

/**
 * The one place a task changes state: checks the move against the lifecycle table (an
 * illegal one throws `IllegalTransitionError` and changes nothing), commits it to the run
 * store, and only then applies it to the task.
 */
export function applyTransition(store: RunStore, runId: string, task: RunTask, to: TaskState, details: TransitionDetails = {}, now: number = Date.now()): void {
    transition(task.state, to, task.id);
    store.recordTransition({
        runId,
        taskId: task.id,
        from: task.state,
        to,
        at: now,
        ...(details.reason === undefined ? {} : { reason: details.reason }),
        ...(details.attempts === undefined ? {} : { attempts: details.attempts }),
        ...(details.failedForGood === undefined ? {} : { failedForGood: details.failedForGood }),
        ...(details.value === undefined ? {} : { outputs: encodeValue(details.value) }),
        ...(details.failure === undefined ? {} : { failure: details.failure }),
        ...(details.code === undefined ? {} : { code: details.code }),
    });
    task.state = to;
    if (details.attempts !== undefined) task.attempts = details.attempts;
    if (details.failedForGood !== undefined) task.failedForGood = details.failedForGood;
    if (details.value !== undefined) task.value = details.value;
    if (details.failure !== undefined) task.failure = details.failure;
}

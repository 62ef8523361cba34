import type { PlanNode } from '../contract/plan.js';
import type { AttemptSpec } from '../executors/executor.js';
import { finalStates, TaskState } from '../lifecycle/task-state.js';
import type { FailureRecord } from '../plan/failure.js';
import type { LongTimer } from './long-timer.js';
import type { ResolvedSettings } from '../plan/step-settings.js';

/** A task as the engine holds it while the run goes on; the run store holds the same state. */
export interface RunTask {
    readonly id: string;
    readonly node: PlanNode;
    /** The element of the parent fan-out this task runs. */
    readonly index?: number;
    readonly parent?: string;
    state: TaskState;
    attempts: number;
    failedForGood: boolean;
    /** The outputs record (or, for a fan-out, the list of its elements' results), once completed. */
    value?: unknown;
    failure?: FailureRecord;
    /** Inputs and settings, evaluated once the task's dependencies have finished. */
    prepared?: { readonly inputs: Readonly<Record<string, unknown>>; readonly settings: ResolvedSettings };
    /** The loop variable of a fan-out element. */
    variables?: Readonly<Record<string, unknown>>;
    /** The element tasks of a fan-out, once expanded. */
    children?: readonly string[];
    /** Set while a failed attempt waits for its backoff before going back to `pending`. */
    retryTimer?: LongTimer;
    /** Set while an attempt is in flight. */
    inFlight?: boolean;
    /** The attempt in flight, once its executor has it (pause and resume name it). */
    spec?: AttemptSpec;
    /** How an attempt ended while the task was paused; applied once it resumes. */
    heldOutcome?: (cancelled: boolean) => void;
    /** Failed for good, and a handler's `recover` put `value` in place of its outputs (`true`) or could not (`false`; execution/error-edges.ts). */
    recovered?: boolean;
}

/** Whether the task will not change any more in this run: a final state, or failed with no retry left. */
export function isSettled(task: RunTask): boolean {
    return finalStates.has(task.state) || (task.state === TaskState.Failed && task.failedForGood);
}

/** Whether the task's outputs are there for its dependants. */
export function hasSucceeded(task: RunTask): boolean {
    return task.state === TaskState.Completed || task.state === TaskState.Cached || task.recovered === true;
}

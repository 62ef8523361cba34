import { formatBytes, OutOfMemoryError } from '../executors/gvisor/sandbox-errors.js';
import { TaskState } from '../lifecycle/task-state.js';
import type { CapacityModel } from '../scheduling/capacity.js';
import type { RunStore } from '../store/run-store.js';
import type { AttemptFailure } from '../plan/failure.js';
import type { RunTask } from './run-task.js';
import type { ResolvedSettings } from '../plan/step-settings.js';
import type { TransitionDetails } from './task-lifecycle.js';

/**
 * What happens to a task whose attempt failed: placed again with more memory (it was killed at
 * its memory limit and its `retry { memory }` allows more), or the failure to go on with — the
 * attempt's own, or, for an out-of-memory kill that can go no higher, one that says why.
 */
export type MemoryEscalation =
    | { readonly placeAgain: true; readonly memory: number; readonly settings: ResolvedSettings; readonly reason: string }
    | { readonly placeAgain: false; readonly failure: AttemptFailure };

/**
 * The memory of the next placement after `current` ran out: double it, capped at `retry.memory`
 * and at the most one step can get (`largest`); undefined when that is no more than `current`.
 */
export function nextMemory(current: number, ceiling: number | undefined, largest: number): number | undefined {
    if (ceiling === undefined) return undefined;
    const next = Math.min(current * 2, ceiling, largest);
    return next > current ? next : undefined;
}

/**
 * Decides what follows a failed attempt of `task` placed with `settings`. Only an
 * `OutOfMemoryError` is escalated; the step must have `retry.memory` above what it was given and
 * the capacity room for more. The next placement must fit the capacity as a whole (a pool with
 * that memory but too few cores does not count), else the ceiling is what the target offers.
 */
export function memoryEscalation(task: string, failure: AttemptFailure, settings: ResolvedSettings, capacity: CapacityModel): MemoryEscalation {
    if (!(failure.cause instanceof OutOfMemoryError)) return { placeAgain: false, failure };
    const ceiling = settings.retry.memory;
    if (ceiling === undefined) return { placeAgain: false, failure };
    const current = settings.resources.memory;
    // A Kubernetes step that sets no memory runs with the namespace's default, which weft does not know.
    if (current <= 0) return { placeAgain: false, failure };
    const memory = nextMemory(current, ceiling, capacity.total.memory);
    if (memory !== undefined && capacity.neverFits({ ...settings.resources, memory }) === undefined) {
        return {
            placeAgain: true, memory,
            settings: { ...settings, resources: { ...settings.resources, memory } },
            reason: `ran out of memory at ${formatBytes(current)}; placed again with ${formatBytes(memory)} (retry.memory ${formatBytes(ceiling)})`,
        };
    }
    const byRetry = ceiling <= capacity.total.memory;
    const error = new OutOfMemoryError(task, current, { by: byRetry ? 'retry' : 'capacity', bytes: byRetry ? ceiling : capacity.total.memory }, failure.cause.killed);
    return { placeAgain: false, failure: { ...failure, message: error.message, cause: error } };
}

/**
 * Places `task` again with more memory: its attempt is recorded as failed, a warning is logged,
 * and the task goes `running → pausing → allocating`, where it waits for room like any
 * allocation. The new placement does not use up one of `retry.attempts`: the attempt budget
 * grows by one with it (the doubling reaching its ceiling bounds how often that happens).
 */
export function placeAgain(task: RunTask, attempt: number, failure: AttemptFailure, escalation: Extract<MemoryEscalation, { placeAgain: true }>,
    context: { readonly store: RunStore; readonly runId: string; readonly move: (to: TaskState, details: TransitionDetails) => void }): void {
    context.store.finishAttempt(context.runId, task.id, attempt, Date.now(), 'failed', failure.message);
    // What `weft logs` shows between the attempts.
    context.store.appendEvent(context.runId, { at: Date.now(), taskId: task.id, attempt, level: 'warn', message: `${task.id} ${escalation.reason}`, fields: { memory: escalation.memory } });
    context.move(TaskState.Pausing, { reason: failure.message });
    context.move(TaskState.Allocating, { reason: escalation.reason });
    const { settings } = escalation;
    task.prepared = { ...task.prepared!, settings: { ...settings, retry: { ...settings.retry, attempts: settings.retry.attempts + 1 } } };
}

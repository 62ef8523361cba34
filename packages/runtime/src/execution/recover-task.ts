import { TaskState } from '../lifecycle/task-state.js';
import { isSettled, type RunTask } from './run-task.js';

/**
 * The moves that bring a task of an interrupted run back to `Pending`. Its attempt was lost
 * with the process that ran it, so it goes through `Failed` like any failed attempt; settled
 * tasks (completed, skipped, failed for good, …) are never touched.
 */
const recoveryPaths: Partial<Record<TaskState, readonly TaskState[]>> = {
    Allocating: ['Failed', 'Pending'],
    Running: ['Failed', 'Pending'],
    Pausing: ['Failed', 'Pending'],
    Paused: ['Resuming', 'Failed', 'Pending'],
    Resuming: ['Failed', 'Pending'],
    Failed: ['Pending'],
};

export function recoverTask(task: RunTask, move: (to: TaskState, reason: string) => void): void {
    if (isSettled(task)) return;
    for (const to of recoveryPaths[task.state] ?? []) move(to, to === TaskState.Pending ? 'resumed after the runtime stopped' : 'its attempt was lost when the runtime stopped');
}

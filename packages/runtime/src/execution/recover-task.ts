import { TaskState } from '../lifecycle/task-state.js';
import { isSettled, type RunTask } from './run-task.js';

/**
 * The moves that bring a task of an interrupted run back to `pending`. Its attempt was lost
 * with the process that ran it, so it goes through `failed` like any failed attempt; settled
 * tasks (completed, skipped, failed for good, …) are never touched.
 */
const recoveryPaths: Partial<Record<TaskState, readonly TaskState[]>> = {
    allocating: ['failed', 'pending'],
    running: ['failed', 'pending'],
    pausing: ['failed', 'pending'],
    paused: ['resuming', 'failed', 'pending'],
    resuming: ['failed', 'pending'],
    failed: ['pending'],
};

export function recoverTask(task: RunTask, move: (to: TaskState, reason: string) => void): void {
    if (isSettled(task)) return;
    for (const to of recoveryPaths[task.state] ?? []) move(to, to === TaskState.Pending ? 'resumed after the runtime stopped' : 'its attempt was lost when the runtime stopped');
}

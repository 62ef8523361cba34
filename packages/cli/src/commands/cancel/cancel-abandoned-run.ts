import { finalStates, GvisorExecutor, type RunStore, TaskState, transition } from '@weft/runtime';

/**
 * Marks a run whose process died as cancelled: every unsettled task moves to `cancelled` by
 * legal transitions (a task waiting out a backoff goes through `pending`), committed one by one,
 * then the run. Returns how many tasks it cancelled.
 */
export function cancelAbandonedRun(store: RunStore, runId: string): number {
    let cancelled = 0;
    for (const task of store.tasks(runId)) {
        if (finalStates.has(task.state) || (task.state === TaskState.Failed && task.failedForGood)) continue;
        const path = task.state === TaskState.Failed ? [TaskState.Pending, TaskState.Cancelled] : [TaskState.Cancelled];
        let from = task.state;
        for (const to of path) {
            transition(from, to, task.id);
            store.recordTransition({ runId, taskId: task.id, from, to, at: Date.now(), reason: 'weft cancel: the process running it had stopped' });
            from = to;
        }
        cancelled++;
    }
    store.finishRun(runId, 'cancelled', Date.now());
    return cancelled;
}

/** Stops the gVisor sandboxes a dead weft left running (they outlive it), where sandboxes can be made at all. */
export async function removeAbandonedSandboxes(): Promise<void> {
    let executor: GvisorExecutor;
    try {
        executor = new GvisorExecutor();
    } catch {
        return; // no runsc or not root: no sandbox was started here
    }
    await executor.removeAbandoned();
}

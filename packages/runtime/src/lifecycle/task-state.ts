/**
 * The lifecycle of one task (a step call in a run), as docs/runtime.md ("The lifecycle") describes it. Every change of
 * state goes through {@link transition}, which checks it against {@link legalTransitions}: an
 * illegal transition is a bug in the runtime and throws.
 *
 *     Pending → Allocating → Running → Completed | Failed
 *     Running → Pausing → Paused → Resuming → Allocating
 *     Running → Pausing → Allocating (killed at its memory limit: placed again with more memory)
 *     Failed attempt with attempts left → Pending (after its backoff)
 *     Pending → Skipped (a false `when`, or an upstream failure) | Cached (completed from cache)
 *     any unfinished state → Cancelled
 */
export const TaskState = {
    Pending: 'Pending',
    Allocating: 'Allocating',
    Running: 'Running',
    Pausing: 'Pausing',
    Paused: 'Paused',
    Resuming: 'Resuming',
    Completed: 'Completed',
    Failed: 'Failed',
    Cancelled: 'Cancelled',
    Skipped: 'Skipped',
    Cached: 'Cached',
} as const;

export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** The states a task never leaves. */
export const finalStates: ReadonlySet<TaskState> = new Set([
    TaskState.Completed, TaskState.Cancelled, TaskState.Skipped, TaskState.Cached,
]);

/** For each state, the states it may move to. `Failed` may go back to `Pending` for a retry. */
export const legalTransitions: Readonly<Record<TaskState, readonly TaskState[]>> = {
    Pending: ['Allocating', 'Skipped', 'Cached', 'Cancelled'],
    Allocating: ['Running', 'Failed', 'Cancelled'],
    Running: ['Completed', 'Failed', 'Pausing', 'Cancelled'],
    Pausing: ['Paused', 'Allocating', 'Failed', 'Cancelled'],
    Paused: ['Resuming', 'Cancelled'],
    Resuming: ['Allocating', 'Failed', 'Cancelled'],
    Failed: ['Pending'],
    Completed: [],
    Cancelled: [],
    Skipped: [],
    Cached: [],
};

export class IllegalTransitionError extends Error {
    constructor(readonly from: TaskState, readonly to: TaskState, readonly task?: string) {
        super(`illegal task transition ${from} → ${to}${task ? ` for ${task}` : ''}; `
            + `from ${from} a task may go to: ${legalTransitions[from].join(', ') || 'nothing (final state)'}`);
        this.name = 'IllegalTransitionError';
    }
}

export function isLegalTransition(from: TaskState, to: TaskState): boolean {
    return legalTransitions[from].includes(to);
}

/** Returns `to` when the task may move there from `from`; throws {@link IllegalTransitionError} otherwise. */
export function transition(from: TaskState, to: TaskState, task?: string): TaskState {
    if (!isLegalTransition(from, to)) throw new IllegalTransitionError(from, to, task);
    return to;
}

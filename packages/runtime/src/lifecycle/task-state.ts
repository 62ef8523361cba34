import { WeftError } from '@weft/contract/errors';

/**
 * The lifecycle of one task (a step call in a run), as docs/runtime.md ("The lifecycle")
 * describes it. Every change of state goes through {@link transition}, which checks it against
 * {@link legalTransitions}: an illegal transition is a bug in the runtime and throws.
 *
 *     pending → allocating → running → completed | failed
 *     running → pausing → paused → resuming → allocating
 *     running → pausing → allocating (killed at its memory limit: placed again with more memory)
 *     failed attempt with attempts left → pending (after its backoff)
 *     pending → skipped (a false `when`, or an upstream failure) | cached (completed from cache)
 *     any unfinished state → cancelled
 */
export const TaskState = {
    Pending: 'pending',
    Allocating: 'allocating',
    Running: 'running',
    Pausing: 'pausing',
    Paused: 'paused',
    Resuming: 'resuming',
    Completed: 'completed',
    Failed: 'failed',
    Cancelled: 'cancelled',
    Skipped: 'skipped',
    Cached: 'cached',
} as const;

export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** The states a task never leaves. */
export const finalStates: ReadonlySet<TaskState> = new Set([
    TaskState.Completed, TaskState.Cancelled, TaskState.Skipped, TaskState.Cached,
]);

/** For each state, the states it may move to. `failed` may go back to `pending` for a retry. */
export const legalTransitions: Readonly<Record<TaskState, readonly TaskState[]>> = {
    pending: ['allocating', 'skipped', 'cached', 'cancelled'],
    allocating: ['running', 'failed', 'cancelled'],
    running: ['completed', 'failed', 'pausing', 'cancelled'],
    pausing: ['paused', 'allocating', 'failed', 'cancelled'],
    paused: ['resuming', 'cancelled'],
    resuming: ['allocating', 'failed', 'cancelled'],
    failed: ['pending'],
    completed: [],
    cancelled: [],
    skipped: [],
    cached: [],
};

export class IllegalTransitionError extends WeftError {
    static override readonly fault = 'weft';
    static override readonly code = 'illegal-transition';

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

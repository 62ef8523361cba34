/** The attributes of Weft's run, task and attempt spans. */
export const WeftAttribute = {
    runId: 'weft.run.id',
    pipeline: 'weft.pipeline',
    target: 'weft.target',
    runStatus: 'weft.run.status',
    task: 'weft.task',
    node: 'weft.node',
    step: 'weft.step',
    index: 'weft.index',
    /** `hit` or `miss`, on the task span of a cached step. */
    cache: 'weft.cache',
    /** The task's final state (`completed`, `cached`, `skipped`, …). */
    state: 'weft.state',
    attempts: 'weft.attempts',
    attempt: 'weft.attempt',
    executor: 'weft.executor',
    /** `completed`, `failed`, `timed-out` or `cancelled`. */
    attemptStatus: 'weft.attempt.status',
    exitCode: 'weft.exit_code',
    /** On a re-emitted step span the step never ended. */
    unended: 'weft.span.unended',
} as const;

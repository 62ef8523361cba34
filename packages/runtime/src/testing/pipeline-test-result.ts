import { AssertionError } from 'node:assert';
import { WeftError } from '@weft/contract/errors';
import type { TaskState } from '../lifecycle/task-state.js';
import type { FailureRecord } from '../plan/failure.js';
import type { AttemptRecord, RunEvent, RunStatus, TransitionRecord } from '../store/run-store.js';

/** One task of a tested run, as it ended. */
export interface TestedTask {
    readonly id: string;
    /** The plan node it ran (a `for` element's task has its node's id). */
    readonly node: string;
    readonly state: TaskState;
    /** How many attempts it made (0 when it was cached, skipped or never started). */
    readonly attempts: number;
    readonly failure?: FailureRecord;
    /** Each attempt: when it started and ended, and how. */
    readonly history: readonly AttemptRecord[];
    readonly transitions: readonly TransitionRecord[];
    /** What the step logged (`ctx.logger`), every attempt, oldest first. */
    readonly logs: readonly RunEvent[];
    /** The messages of `logs`, for short assertions. */
    readonly messages: readonly string[];
}

/** What {@link testPipeline} returns: how the run ended, read back from its run store. */
export interface PipelineTestResult<Outputs> {
    readonly runId: string;
    readonly status: Exclude<RunStatus, 'running'>;
    /** The pipeline's outputs when the run completed. */
    readonly outputs?: Outputs;
    /** Why the run did not complete. */
    readonly failures: readonly FailureRecord[];
    /** Every task as it ended, in the order the run created them. */
    readonly tasks: readonly TestedTask[];
    /** Every event of the run (its own and the tasks'), in order. */
    readonly events: readonly RunEvent[];
    /** The task `id`; throws {@link UnknownTaskError} naming the run's tasks when there is none. */
    task(id: string): TestedTask;
    /** Throws an `AssertionError` listing the failures unless the run completed. */
    assertCompleted(): void;
}

/** A task the tested run does not have. */
export class UnknownTaskError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unknown-task';

    constructor(readonly taskId: string, readonly pipeline: string, readonly known: readonly string[]) {
        super(`the run of ${pipeline} has no task ${taskId}; its tasks are: ${known.join(', ') || 'none'}`);
        this.name = 'UnknownTaskError';
    }
}

export function pipelineTestResult<Outputs>(pipeline: string, fields: Omit<PipelineTestResult<Outputs>, 'task' | 'assertCompleted'>): PipelineTestResult<Outputs> {
    const byId = new Map(fields.tasks.map(task => [task.id, task]));
    return {
        ...fields,
        task(id) {
            const task = byId.get(id);
            if (task === undefined) throw new UnknownTaskError(id, pipeline, [...byId.keys()]);
            return task;
        },
        assertCompleted() {
            if (fields.status === 'completed') return;
            const why = fields.failures.map(failure => `${failure.step}: ${failure.message}`).join('; ');
            throw new AssertionError({ message: `the run of ${pipeline} ${fields.status}${why === '' ? '' : `: ${why}`}`, actual: fields.status, expected: 'completed', operator: 'strictEqual' });
        },
    };
}

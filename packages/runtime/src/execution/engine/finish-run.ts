import type { CompiledPlan } from '../../contract/plan.js';
import { TaskState } from '../../lifecycle/task-state.js';
import { RunStatus, type RunStore } from '../../store/run-store.js';
import { encodeValue } from '../../store/value-codec.js';
import { evaluate, type EvaluationScope } from '../../plan/expression-evaluator.js';
import { type FailureRecord, RunTimeoutError } from '../../plan/failure.js';
import type { RunTask } from '../run-task.js';

export interface TaskSummary {
    readonly id: string;
    readonly state: TaskState;
    readonly attempts: number;
    readonly failure?: FailureRecord;
}

export interface RunOutcome {
    readonly runId: string;
    readonly status: Exclude<RunStatus, 'running'>;
    /** The pipeline's outputs when the run completed. */
    readonly outputs?: Readonly<Record<string, unknown>>;
    readonly tasks: readonly TaskSummary[];
    /** Why the run did not complete: the failures of the tasks that failed for good. */
    readonly failures: readonly FailureRecord[];
}

/**
 * Ends a run whose tasks have all settled: its status (failed on the pipeline's timeout or a
 * top-level failure, cancelled when `signal` aborted, else completed with its outputs evaluated
 * in `scope`), recorded in the store and returned with every task's summary.
 */
export function finishRun(store: RunStore, runId: string, plan: CompiledPlan, tasks: readonly RunTask[], signal: AbortSignal, scope: EvaluationScope): RunOutcome {
    const failures = tasks.filter(task => task.state === TaskState.Failed && task.failure && task.parent === undefined && !task.recovered).map(task => task.failure!);
    const timedOut: unknown = signal.reason;
    if (timedOut instanceof RunTimeoutError) failures.push({ step: plan.pipeline, message: timedOut.message, attempts: 1 });
    let status: Exclude<RunStatus, 'running'> = timedOut instanceof RunTimeoutError ? RunStatus.Failed
        : signal.aborted ? RunStatus.Cancelled : failures.length > 0 ? RunStatus.Failed : RunStatus.Completed;
    let outputs: Record<string, unknown> | undefined;
    if (status === RunStatus.Completed) {
        try {
            outputs = Object.fromEntries(plan.outputs.map(output => [output.name, evaluate(output.value, scope)]));
        } catch (error) {
            status = RunStatus.Failed;
            failures.push({ step: plan.pipeline, message: `its outputs could not be computed: ${error instanceof Error ? error.message : String(error)}`, attempts: 1 });
        }
    }
    store.finishRun(runId, status, Date.now(), outputs && (encodeValue(outputs) as Record<string, unknown>));
    return {
        runId, status, ...(outputs ? { outputs } : {}), failures,
        tasks: tasks.map(task => ({ id: task.id, state: task.state, attempts: task.attempts, ...(task.failure ? { failure: task.failure } : {}) })),
    };
}

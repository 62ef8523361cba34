/**
 * Typed error edges at run time (docs/language.md, "Error edges"; docs/runtime.md, "Error
 * edges"): which handler takes a failure, what `failure` (or `e`) is inside it, and recovery —
 * a handler's `recover { … }` standing in for the outputs of the node that failed.
 */
import type { PlanFailureMatch, PlanNode } from '../contract/plan.js';
import { TaskState } from '../lifecycle/task-state.js';
import { evaluate, type EvaluationScope } from '../plan/expression-evaluator.js';
import type { FailureRecord } from '../plan/failure.js';
import type { RunStore } from '../store/run-store.js';
import { hasSucceeded, isSettled, type RunTask } from './run-task.js';

/** Whether a handler (or recovery) that takes `match` takes this failure. */
export function takesFailure(match: PlanFailureMatch | undefined, failure: FailureRecord | undefined): boolean {
    if (failure === undefined) return false;
    const raised = failure.raised?.type;
    if (match?.error !== undefined) return raised === match.error;
    return raised === undefined || !(match?.except ?? []).includes(raised);
}

/** What `failure` (or the name a typed handler binds) is in a handler that takes `match`: the error's fields for a typed one. */
export function failureValue(match: PlanFailureMatch | undefined, failure: FailureRecord): FailureRecord | Readonly<Record<string, unknown>> {
    return match?.error !== undefined && failure.raised ? failure.raised.fields : failure;
}

/** The failure of the first watched call that failed in a way `node` handles, if any. */
export function handledFailure(node: PlanNode, dependencies: readonly RunTask[]): FailureRecord | undefined {
    const watched = new Set(node.onFailureOf ?? []);
    return dependencies.find(dependency => watched.has(dependency.id) && dependency.state === TaskState.Failed
        && takesFailure(node.handles, dependency.failure))?.failure;
}

/** Why a handler is skipped: nothing it watches failed, or what failed is another handler's. */
export function unhandledReason(node: PlanNode, dependencies: readonly RunTask[]): string {
    const watched = node.onFailureOf ?? [];
    const failed = dependencies.filter(dependency => watched.includes(dependency.id) && dependency.state === TaskState.Failed);
    if (failed.length === 0) return `none of ${watched.join(', ')} failed`;
    const errors = failed.map(dependency => dependency.failure?.raised?.type ?? 'an undeclared error');
    return `${failed.map(dependency => dependency.id).join(', ')} failed with ${errors.join(', ')}, which this handler does not take`;
}

/**
 * Whether `dependency` need not have succeeded for `node` to run: a call its `on failure` or
 * `on exit` watches, or a node it waits for only because a recovery may read it.
 */
export function mayEndOtherwise(node: PlanNode, dependency: string): boolean {
    if (node.onFailureOf?.includes(dependency) || node.onExitOf?.includes(dependency)) return true;
    return (node.awaitsRecovery?.includes(dependency) ?? false) && !node.needs.includes(dependency) && !node.after.includes(dependency);
}

/**
 * Recovers a task that failed for good when one of its node's recoveries takes the failure
 * and what it reads has succeeded: its outputs become the recovery's, so dependants run with
 * them and the run does not fail because of it. Returns whether the task is (now) recovered.
 */
export function recoverIfHandled(task: RunTask, tasks: ReadonlyMap<string, RunTask>, scope: (failure: EvaluationScope['failure']) => EvaluationScope,
    store: RunStore, runId: string): boolean {
    if (task.recovered !== undefined) return task.recovered;
    const recoveries = task.node.recover;
    if (recoveries === undefined || task.parent !== undefined || task.state !== TaskState.Failed || !isSettled(task) || !task.failure) return false;
    const failure = task.failure;
    const recovery = recoveries.find(candidate => takesFailure(candidate.handles, failure)
        && candidate.needs.every(id => { const need = tasks.get(id); return need !== undefined && hasSucceeded(need); }));
    if (recovery === undefined) return false;
    let outputs: Record<string, unknown>;
    try {
        outputs = Object.fromEntries(Object.entries(recovery.outputs)
            .map(([name, expression]) => [name, evaluate(expression, scope(failureValue(recovery.handles, failure)))]));
    } catch (error) {
        // A recovery that cannot be evaluated leaves the failure as it was: dependants are skipped, the run fails.
        store.appendEvent(runId, { at: Date.now(), taskId: task.id, level: 'error', message: `not recovered: ${error instanceof Error ? error.message : String(error)}` });
        task.recovered = false;
        return false;
    }
    task.value = outputs;
    task.recovered = true;
    store.appendEvent(runId, {
        at: Date.now(), taskId: task.id, level: 'info',
        message: `recovered: ${task.id} failed (${failure.raised?.type ?? failure.error ?? 'error'}), its handler's recover gives its outputs`,
        fields: { recovered: { outputs: Object.keys(outputs) } },
    });
    return true;
}

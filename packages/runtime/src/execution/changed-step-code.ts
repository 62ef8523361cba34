import type { CompiledPlan, PlanCall } from '../contract/plan.js';
import { type StepCode, stepCodeKey } from '../bundling/step-code.js';
import { isCommandImplementation, type PlanImplementation } from '../contract/plan.js';
import { TaskState } from '../lifecycle/task-state.js';
import type { TaskRecord } from '../store/run-store.js';

/** A completed task whose step's code is not what it ran. */
export interface ChangedStepCode {
    readonly taskId: string;
    readonly step: string;
    /** The step's module, or its command as `stepCodeKey` names it. */
    readonly module: string;
}

/**
 * The completed (or cached) tasks whose recorded code differs from the step's code now. A task
 * recorded without code is not compared, nor one recorded by an older Weft, whose digest was of
 * the source text (a bare hex digest, not `sha256:`) and cannot be compared with a bundle's.
 */
export function changedStepCode(plan: CompiledPlan, tasks: readonly TaskRecord[], codes: ReadonlyMap<string, StepCode>): ChangedStepCode[] {
    const nodes = new Map(plan.nodes.map(node => [node.id, node]));
    return tasks.flatMap(task => {
        const call: PlanCall | undefined = nodes.get(task.node)?.call;
        if (task.code === undefined || !task.code.startsWith('sha256:') || call?.kind !== 'step') return [];
        if (task.state !== TaskState.Completed && task.state !== TaskState.Cached) return [];
        if (codes.get(stepCodeKey(call.implementation))?.digest === task.code) return [];
        return [{ taskId: task.id, step: call.step, module: moduleOf(call.implementation) }];
    });
}

function moduleOf(implementation: PlanImplementation): string {
    return isCommandImplementation(implementation) ? stepCodeKey(implementation) : implementation.module;
}

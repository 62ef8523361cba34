import * as path from 'node:path';
import { digestImplementation } from '../caching/implementation-digest.js';
import type { CompiledPlan } from '../contract/plan.js';
import { TaskState } from '../lifecycle/task-state.js';
import type { TaskRecord } from '../store/run-store.js';

/** A completed task whose step's code is not what it ran. */
export interface ChangedStepCode {
    readonly taskId: string;
    readonly step: string;
    readonly module: string;
}

/**
 * The digest of each step module of the plan (its file and the project modules it imports),
 * by module as the plan names it. A module that cannot be read (a step only ever mocked) has none.
 */
export async function stepCodeDigests(plan: CompiledPlan, root: string): Promise<Map<string, string>> {
    const modules = new Set(plan.nodes.flatMap(node => node.call.kind === 'step' ? [node.call.implementation.module] : []));
    const digests = new Map<string, string>();
    for (const module of modules) {
        const digest = await digestImplementation(path.resolve(root, module)).catch(() => undefined);
        if (digest !== undefined) digests.set(module, digest);
    }
    return digests;
}

/** The completed (or cached) tasks whose recorded code differs from the step's code now; a task recorded without code is not compared. */
export function changedStepCode(plan: CompiledPlan, tasks: readonly TaskRecord[], digests: ReadonlyMap<string, string>): ChangedStepCode[] {
    const nodes = new Map(plan.nodes.map(node => [node.id, node]));
    return tasks.flatMap(task => {
        const call = nodes.get(task.node)?.call;
        if (task.code === undefined || call?.kind !== 'step') return [];
        if (task.state !== TaskState.Completed && task.state !== TaskState.Cached) return [];
        if (digests.get(call.implementation.module) === task.code) return [];
        return [{ taskId: task.id, step: call.step, module: call.implementation.module }];
    });
}

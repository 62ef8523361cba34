import type { PlanNode } from '../../contract/plan.js';
import { dependenciesOf } from '../../plan/plan-graph.js';
import { isSettled, type RunTask } from '../run-task.js';

/**
 * For each top-level task, how many of its dependencies (`needs`, `after`, `onFailureOf`) have
 * not settled: a task is worth deciding only once that count reaches zero, so settling a task
 * touches its dependants and no other task.
 */
export class DependencyCounts {
    /** For each node, the nodes that wait for it. */
    private readonly dependants = new Map<string, string[]>();
    private readonly unsettled = new Map<string, number>();

    /** `ready` is called with each task whose last unsettled dependency has just settled. */
    constructor(nodes: readonly PlanNode[], private readonly ready: (id: string) => void) {
        for (const node of nodes) {
            for (const dependency of dependenciesOf(node)) {
                const waiting = this.dependants.get(dependency);
                if (waiting) waiting.push(node.id);
                else this.dependants.set(dependency, [node.id]);
            }
        }
    }

    /** Counts the dependencies of a top-level task that have not settled among `tasks`. */
    count(task: RunTask, tasks: ReadonlyMap<string, RunTask>): void {
        let unsettled = 0;
        for (const id of dependenciesOf(task.node)) {
            const dependency = tasks.get(id);
            if (dependency === undefined || !isSettled(dependency)) unsettled++;
        }
        this.unsettled.set(task.id, unsettled);
    }

    /** A top-level task settled: each of its dependants waits for one dependency less. */
    settled(id: string): void {
        for (const dependant of this.dependants.get(id) ?? []) {
            const left = (this.unsettled.get(dependant) ?? 1) - 1;
            this.unsettled.set(dependant, left);
            if (left === 0) this.ready(dependant);
        }
    }
}

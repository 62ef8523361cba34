import { DirectedGraph } from 'graphology';
import { hasCycle, topologicalSort } from 'graphology-dag';
import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan, PlanNode } from '../contract/plan.js';

/** A plan whose nodes do not form a DAG, or name nodes it does not have. */
export class PlanGraphError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'plan-graph';

    constructor(message: string) {
        super(message);
        this.name = 'PlanGraphError';
    }
}

/**
 * The nodes a node waits for: data (`needs`), ordering (`after`), the calls an `on failure` or
 * `on exit` block watches, and what the recovery of a node it needs reads.
 */
export function dependenciesOf(node: PlanNode): readonly string[] {
    return [...new Set([...node.needs, ...node.after, ...(node.onFailureOf ?? []), ...(node.onExitOf ?? []), ...(node.awaitsRecovery ?? [])])];
}

/**
 * The plan as a graph: an edge from each dependency to its dependant. Throws
 * {@link PlanGraphError} for an unknown node or a cycle.
 */
export function planGraph(plan: CompiledPlan): DirectedGraph {
    const graph = new DirectedGraph();
    for (const node of plan.nodes) graph.addNode(node.id);
    for (const node of plan.nodes) {
        for (const dependency of dependenciesOf(node)) {
            if (!graph.hasNode(dependency)) throw new PlanGraphError(`node ${node.id} depends on ${dependency}, which the plan does not have`);
            graph.mergeEdge(dependency, node.id);
        }
    }
    if (hasCycle(graph)) throw new PlanGraphError(`the nodes of ${plan.pipeline} form a cycle`);
    return graph;
}

/**
 * For each node, the longest path from it to the end of the DAG, counting its own weight
 * (its step's timeout, or 1): running the longest chains first brings the makespan close to
 * the critical path.
 */
export function remainingCriticalPath(graph: DirectedGraph, weight: (node: string) => number): ReadonlyMap<string, number> {
    const lengths = new Map<string, number>();
    for (const node of topologicalSort(graph).reverse()) {
        const longestAfter = Math.max(0, ...graph.outNeighbors(node).map(next => lengths.get(next) ?? 0));
        lengths.set(node, weight(node) + longestAfter);
    }
    return lengths;
}

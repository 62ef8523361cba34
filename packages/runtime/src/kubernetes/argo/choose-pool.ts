import type { PlanTarget } from '../../contract/plan.js';
import { kubernetesPoolsOf } from '../../plan/targets.js';
import { noResources, type ResourceRequest, resourceKinds } from '../../scheduling/capacity.js';
import { placementScore } from '../../scheduling/pool-capacity.js';
import type { V1Toleration as Toleration } from '@kubernetes/client-node';
import { PodConventionError, tolerationOf } from './pod-conventions.js';

/** A pool of a kubernetes target, in the units the runtime uses (cpu millicores, memory bytes). */
export interface Pool {
    readonly name: string;
    /** What one node of the pool offers. */
    readonly node: ResourceRequest;
    readonly labels: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
}

/** The target's pools as `weft run` reads them, with their taints as tolerations. */
export function poolsOf(target: PlanTarget): Pool[] {
    return kubernetesPoolsOf(target).map(pool => ({ name: pool.name, node: pool.node, labels: pool.labels, tolerations: pool.taints.map(tolerationOf) }));
}

/**
 * The pool a task goes to, as `weft run`'s scheduler scores it on an idle cluster
 * (`placementScore`: gpu nodes kept for gpu work, free-memory fit, then declaration order).
 * A request that fits no pool is an error naming the resource that does not fit; a target
 * without pools places nothing.
 */
export function choosePool(pools: readonly Pool[], request: ResourceRequest, what: string): Pool | undefined {
    if (pools.length === 0) return undefined;
    const fitting = pools.filter(pool => resourceKinds.every(kind => request[kind] <= pool.node[kind]));
    if (fitting.length === 0) {
        const largest = (kind: keyof ResourceRequest): number => Math.max(...pools.map(pool => pool.node[kind]));
        const kind = resourceKinds.find(candidate => request[candidate] > largest(candidate)) ?? 'cpu';
        throw new PodConventionError(`${what} needs ${describe(kind, request[kind])}, more than a node of any pool offers (${pools.map(pool => `${pool.name}: ${describe(kind, pool.node[kind])}`).join(', ')})`);
    }
    const score = (pool: Pool): number => placementScore(pool.node, noResources, request, pools.indexOf(pool), pools.length);
    return fitting.reduce((best, pool) => (score(pool) < score(best) ? pool : best));
}

function describe(kind: keyof ResourceRequest, value: number): string {
    if (kind === 'cpu') return `${value}m cpu`;
    if (kind === 'memory') return `${value} bytes of memory`;
    if (kind === 'gpuMemory') return `${value} bytes of GPU memory`;
    return `${value} gpu`;
}

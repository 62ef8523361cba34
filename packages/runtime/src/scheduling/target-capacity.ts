import type { PlanTarget } from '../contract/plan.js';
import { kubernetesTargetOf } from '../plan/targets.js';
import { Capacity, type CapacityModel } from './capacity.js';
import { PoolCapacity } from './pool-capacity.js';

/**
 * The capacity a run schedules on: a sandbox target's machine, or the pools of one or more
 * Kubernetes targets (a target without pools is one unlimited pool named `default`).
 */
export function capacityOfTargets(targets: readonly PlanTarget[]): CapacityModel {
    if (targets.length === 0 || targets.every(target => target.kind === 'sandbox')) {
        if (targets.length > 1) throw new Error(`a run uses one sandbox target; ${targets.map(target => target.name).join(', ')} are several`);
        return Capacity.ofTarget(targets[0]);
    }
    const sandbox = targets.find(target => target.kind !== 'kubernetes');
    if (sandbox) throw new Error(`a run spreads over Kubernetes targets only; ${sandbox.name} is a ${sandbox.kind} target`);
    return new PoolCapacity(targets.flatMap(plan => {
        const target = kubernetesTargetOf(plan);
        if (target.pools.length === 0) return [{ target: target.name, pool: 'default', node: { cpu: Infinity, memory: Infinity, gpu: Infinity }, count: 1 }];
        return target.pools.map(pool => ({ target: target.name, pool: pool.name, node: pool.node, count: pool.count }));
    }));
}

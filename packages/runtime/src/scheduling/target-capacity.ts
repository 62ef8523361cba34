import type { Target } from '../plan/targets.js';
import { Capacity, type CapacityModel, unlimitedResources } from './capacity.js';
import { PoolCapacity } from './pool-capacity.js';

/**
 * The capacity a run schedules on (its targets as `chooseTargets` chose them): a sandbox target's
 * machine, unlimited without a target, or the pools of one or more Kubernetes targets (a target
 * without pools is one unlimited pool named `default`).
 */
export function capacityOfTargets(targets: readonly Target[]): CapacityModel {
    const first = targets[0];
    if (first === undefined) return new Capacity(unlimitedResources);
    if (first.kind === 'sandbox') return new Capacity(first.capacity);
    return new PoolCapacity(targets.flatMap(target => {
        if (target.kind !== 'kubernetes') return [];
        if (target.pools.length === 0) return [{ target: target.name, pool: 'default', node: unlimitedResources, count: 1 }];
        return target.pools.map(pool => ({ target: target.name, pool: pool.name, node: pool.node, count: pool.count }));
    }));
}

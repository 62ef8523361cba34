import { type ResourceRequest, unlimitedResources } from './capacity.js';

/**
 * What a step on a sandbox target gets for the cpu or memory its `resources` does not set:
 * one core and 1 GiB. Enough for a node step and the data it holds in memory, small enough
 * that a step which forgot its limits cannot take the machine from the others (docs/sandbox.md).
 */
export const sandboxDefaults = { cpu: 1000, memory: 2 ** 30 } as const;

/**
 * The request a sandboxed task is placed and limited with: a cpu or memory it leaves unset (0)
 * gets {@link sandboxDefaults}, never more than the machine has, so that every sandbox is limited
 * and a step without `resources` fits every target (what `resource-infeasible` assumes).
 * Without `total` (the gvisor executor, called with whatever spec) the machine is unlimited.
 */
export function withSandboxDefaults(request: ResourceRequest, total: ResourceRequest = unlimitedResources): ResourceRequest {
    const orDefault = (asked: number, fallback: number, have: number): number =>
        asked > 0 ? asked : have > 0 ? Math.min(fallback, have) : fallback;
    return {
        cpu: orDefault(request.cpu, sandboxDefaults.cpu, total.cpu),
        memory: orDefault(request.memory, sandboxDefaults.memory, total.memory),
        gpu: request.gpu,
        gpuMemory: request.gpuMemory,
    };
}

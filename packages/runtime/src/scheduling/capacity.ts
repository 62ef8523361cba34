import { withSandboxDefaults } from './sandbox-defaults.js';

/** What a task asks for: cpu in millicores, memory in bytes, whole gpus, GPU memory in bytes. */
export interface ResourceRequest {
    readonly cpu: number;
    readonly memory: number;
    readonly gpu: number;
    readonly gpuMemory: number;
}

export const noResources: ResourceRequest = { cpu: 0, memory: 0, gpu: 0, gpuMemory: 0 };

/** Unlimited: a machine or pool that declares nothing. */
export const unlimitedResources: ResourceRequest = { cpu: Infinity, memory: Infinity, gpu: Infinity, gpuMemory: Infinity };

export const resourceKinds = ['cpu', 'memory', 'gpu', 'gpuMemory'] as const;
const kinds = resourceKinds;

/** Where a task was placed: a Kubernetes target's pool (a sandbox machine has no places). */
export interface Placement {
    readonly target: string;
    readonly pool: string;
}

/**
 * What the scheduler asks of a target's capacity: {@link Capacity} for one machine,
 * `PoolCapacity` for Kubernetes pools. `inUse` is a new object after every change.
 */
export interface CapacityModel {
    /** The most one task could get of each resource (for the message of a task that never fits). */
    readonly total: ResourceRequest;
    readonly inUse: ResourceRequest;
    /** What a task asking for `request` is placed (and limited) with: a sandbox fills in its defaults. */
    placed(request: ResourceRequest): ResourceRequest;
    fits(request: ResourceRequest): boolean;
    neverFits(request: ResourceRequest): (typeof resourceKinds)[number] | undefined;
    /** Takes room for the request; a pooled capacity says where. */
    reserve(request: ResourceRequest): Placement | undefined;
    release(request: ResourceRequest, placement?: Placement): void;
}

/**
 * A target's capacity and what running tasks hold of it. A task starts only when its request
 * fits what is free, and gives it back when its attempt ends.
 */
export class Capacity implements CapacityModel {
    readonly total: ResourceRequest;
    private used: ResourceRequest = noResources;

    constructor(total: ResourceRequest) {
        this.total = withUnlimitedGaps(total);
    }

    get inUse(): ResourceRequest {
        return this.used;
    }

    placed(request: ResourceRequest): ResourceRequest {
        return withSandboxDefaults(request, this.total);
    }

    fits(request: ResourceRequest): boolean {
        return kinds.every(kind => this.used[kind] + request[kind] <= this.total[kind]);
    }

    /** The first resource the request exceeds even on an empty target, if any. */
    neverFits(request: ResourceRequest): (typeof kinds)[number] | undefined {
        return kinds.find(kind => request[kind] > this.total[kind]);
    }

    reserve(request: ResourceRequest): undefined {
        if (!this.fits(request)) throw new Error(`reserving ${JSON.stringify(request)} exceeds the free capacity; the scheduler must check fits() first`);
        this.used = addResources(this.used, request, 1);
        return undefined;
    }

    release(request: ResourceRequest): void {
        this.used = addResources(this.used, request, -1);
    }
}

/**
 * A capacity with every kind it leaves out unlimited: a run recorded before GPU memory was
 * counted is resumed with the capacity it stored, which has none.
 */
export function withUnlimitedGaps(capacity: ResourceRequest): ResourceRequest {
    return { ...unlimitedResources, ...capacity };
}

export function addResources(left: ResourceRequest, right: ResourceRequest, sign: 1 | -1): ResourceRequest {
    return {
        cpu: left.cpu + sign * right.cpu,
        memory: left.memory + sign * right.memory,
        gpu: left.gpu + sign * right.gpu,
        gpuMemory: left.gpuMemory + sign * right.gpuMemory,
    };
}

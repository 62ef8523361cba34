import { addResources, type CapacityModel, noResources, type Placement, type ResourceRequest, resourceKinds, withUnlimitedGaps } from './capacity.js';

/** A pool as the scheduler sees it: what one of its `count` nodes offers. */
export interface SchedulingPool {
    readonly target: string;
    readonly pool: string;
    readonly node: ResourceRequest;
    readonly count: number;
}

/** One pool as `PoolCapacity.explain` scores it for a task; lower scores are preferred. */
export interface PlacementCandidate extends Placement {
    readonly fits: boolean;
    readonly score: number;
    readonly parts: ScoreParts;
}

interface NodeSlot {
    readonly poolIndex: number;
    used: ResourceRequest;
}

/**
 * The capacity of Kubernetes targets: every pool has `count` nodes of one size and a task must
 * fit on one node. `reserve` places a task on the best-scoring node ({@link placementScore}) and
 * says which target and pool; Kubernetes' own scheduler picks the actual node.
 */
export class PoolCapacity implements CapacityModel {
    readonly total: ResourceRequest;
    private readonly slots: NodeSlot[];
    private used: ResourceRequest = noResources;

    private readonly pools: readonly SchedulingPool[];

    constructor(pools: readonly SchedulingPool[]) {
        this.pools = pools.map(pool => ({ ...pool, node: withUnlimitedGaps(pool.node) }));
        this.slots = this.pools.flatMap((pool, poolIndex) => Array.from({ length: pool.count }, () => ({ poolIndex, used: noResources })));
        const largest = (kind: (typeof resourceKinds)[number]): number => Math.max(0, ...this.pools.map(pool => pool.node[kind]));
        this.total = { cpu: largest('cpu'), memory: largest('memory'), gpu: largest('gpu'), gpuMemory: largest('gpuMemory') };
    }

    get inUse(): ResourceRequest {
        return this.used;
    }

    /** Kubernetes steps ask for what they declare; a namespace's LimitRange may add defaults. */
    placed(request: ResourceRequest): ResourceRequest {
        return request;
    }

    fits(request: ResourceRequest): boolean {
        return this.best(request) !== undefined;
    }

    neverFits(request: ResourceRequest): (typeof resourceKinds)[number] | undefined {
        if (this.pools.some(pool => fitsIn(pool.node, noResources, request))) return undefined;
        return resourceKinds.find(kind => request[kind] > this.total[kind])
            ?? resourceKinds.find(kind => request[kind] > (this.pools[0]?.node[kind] ?? 0)) ?? 'cpu';
    }

    reserve(request: ResourceRequest): Placement {
        const slot = this.best(request);
        if (!slot) throw new Error(`reserving ${JSON.stringify(request)} exceeds every pool's free capacity; the scheduler must check fits() first`);
        slot.used = addResources(slot.used, request, 1);
        this.used = addResources(this.used, request, 1);
        const pool = this.pools[slot.poolIndex]!;
        return { target: pool.target, pool: pool.pool };
    }

    release(request: ResourceRequest, placement?: Placement): void {
        const matches = (slot: NodeSlot): boolean => {
            const pool = this.pools[slot.poolIndex]!;
            return pool.target === placement?.target && pool.pool === placement.pool
                && resourceKinds.every(kind => slot.used[kind] >= request[kind]);
        };
        // Any node of the pool that holds as much will do: nodes of one pool are alike.
        const slot = this.slots.find(matches);
        if (!slot) return;
        slot.used = addResources(slot.used, request, -1);
        this.used = addResources(this.used, request, -1);
    }

    /**
     * Every pool as a candidate for the request: its best free node's score and parts, or, when no
     * node of the pool has room now, `fits: false` with the score of an empty node.
     */
    explain(request: ResourceRequest): PlacementCandidate[] {
        return this.pools.map((pool, poolIndex) => {
            const free = this.slots.filter(slot => slot.poolIndex === poolIndex && fitsIn(pool.node, slot.used, request));
            const scored = (free.length === 0 ? [noResources] : free.map(slot => slot.used))
                .map(used => placementScoreParts(pool.node, used, request, poolIndex, this.pools.length))
                .map(parts => ({ parts, score: sumOf(parts) }))
                .reduce((best, candidate) => (candidate.score < best.score ? candidate : best));
            return { target: pool.target, pool: pool.pool, fits: free.length > 0, ...scored };
        });
    }

    private best(request: ResourceRequest): NodeSlot | undefined {
        let best: { slot: NodeSlot; score: number } | undefined;
        for (const slot of this.slots) {
            const pool = this.pools[slot.poolIndex]!;
            if (!fitsIn(pool.node, slot.used, request)) continue;
            const score = placementScore(pool.node, slot.used, request, slot.poolIndex, this.pools.length);
            if (!best || score < best.score) best = { slot, score };
        }
        return best?.slot;
    }
}

function fitsIn(node: ResourceRequest, used: ResourceRequest, request: ResourceRequest): boolean {
    return resourceKinds.every(kind => used[kind] + request[kind] <= node[kind]);
}

/**
 * How well a task suits a node; lower is better. Four parts, in order of weight:
 * - a task that needs no gpu on a node that has gpus costs 2 (keep gpu nodes for gpu work);
 * - free-memory fit: the share of the node's memory left free after placing the task (0 to 1;
 *   a tight fit keeps big nodes free for big tasks);
 * - free-GPU-memory fit, for a task that asks GPU memory: the same share of the node's GPU memory
 *   (0 to 1; a small model stays off the node a large one needs);
 * - pool preference: the pool's position in the targets' declarations, 0 to 0.5 (first is preferred).
 */
export function placementScore(node: ResourceRequest, used: ResourceRequest, request: ResourceRequest, poolIndex: number, poolCount: number): number {
    return sumOf(placementScoreParts(node, used, request, poolIndex, poolCount));
}

function sumOf(parts: ScoreParts): number {
    return parts.idleGpus + parts.memoryLeft + parts.gpuMemoryLeft + parts.preference;
}

/** The parts of {@link placementScore}, each as it adds to the score. */
export interface ScoreParts {
    readonly idleGpus: number;
    readonly memoryLeft: number;
    readonly gpuMemoryLeft: number;
    readonly preference: number;
}

export function placementScoreParts(node: ResourceRequest, used: ResourceRequest, request: ResourceRequest, poolIndex: number, poolCount: number): ScoreParts {
    return {
        idleGpus: request.gpu === 0 && node.gpu > 0 && Number.isFinite(node.gpu) ? 2 : 0,
        memoryLeft: shareLeft(node.memory, used.memory, request.memory),
        gpuMemoryLeft: request.gpuMemory > 0 ? shareLeft(node.gpuMemory, used.gpuMemory, request.gpuMemory) : 0,
        preference: poolCount <= 1 ? 0 : 0.5 * poolIndex / (poolCount - 1),
    };
}

/** The share of a node's resource left free after placing the request; 1 where the node sets no limit. */
function shareLeft(have: number, used: number, asked: number): number {
    return Number.isFinite(have) && have > 0 ? (have - used - asked) / have : 1;
}

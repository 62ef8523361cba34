import type { PlanTarget } from '../contract/plan.js';

/** What a task asks for: cpu in millicores, memory in bytes, whole gpus. */
export interface ResourceRequest {
    readonly cpu: number;
    readonly memory: number;
    readonly gpu: number;
}

export const noResources: ResourceRequest = { cpu: 0, memory: 0, gpu: 0 };

const kinds = ['cpu', 'memory', 'gpu'] as const;

/**
 * A target's capacity and what running tasks hold of it. A task starts only when its request
 * fits what is free, and gives it back when its attempt ends.
 */
export class Capacity {
    private used: ResourceRequest = noResources;

    constructor(readonly total: ResourceRequest) {}

    /** The capacity of a sandbox target (`capacity { cpu, memory, gpu }`, cpu in cores); unlimited where it says nothing. */
    static ofTarget(target: PlanTarget | undefined): Capacity {
        const declared = target?.members['capacity'];
        const field = (name: string): number | undefined => {
            const value = typeof declared === 'object' && declared !== null && !Array.isArray(declared) ? (declared as Record<string, unknown>)[name] : undefined;
            return typeof value === 'number' ? value : undefined;
        };
        const cores = field('cpu');
        return new Capacity({
            cpu: cores === undefined ? Infinity : Math.round(cores * 1000),
            memory: field('memory') ?? Infinity,
            gpu: field('gpu') ?? Infinity,
        });
    }

    get inUse(): ResourceRequest {
        return this.used;
    }

    fits(request: ResourceRequest): boolean {
        return kinds.every(kind => this.used[kind] + request[kind] <= this.total[kind]);
    }

    /** The first resource the request exceeds even on an empty target, if any. */
    neverFits(request: ResourceRequest): (typeof kinds)[number] | undefined {
        return kinds.find(kind => request[kind] > this.total[kind]);
    }

    reserve(request: ResourceRequest): void {
        if (!this.fits(request)) throw new Error(`reserving ${JSON.stringify(request)} exceeds the free capacity; the scheduler must check fits() first`);
        this.used = add(this.used, request, 1);
    }

    release(request: ResourceRequest): void {
        this.used = add(this.used, request, -1);
    }
}

function add(left: ResourceRequest, right: ResourceRequest, sign: 1 | -1): ResourceRequest {
    return { cpu: left.cpu + sign * right.cpu, memory: left.memory + sign * right.memory, gpu: left.gpu + sign * right.gpu };
}

// Scheduling on Kubernetes pools: a task fits one node, placement scoring, accounting per pool.
import { describe, expect, it } from 'vitest';
import { PoolCapacity, placementScore } from '../../src/scheduling/pool-capacity.js';

const GiB = 1024 ** 3;
const cpuPool = { target: 'a', pool: 'cpu', node: { cpu: 16_000, memory: 64 * GiB, gpu: 0, gpuMemory: 0 }, count: 2 };
const gpuPool = { target: 'a', pool: 'gpu', node: { cpu: 32_000, memory: 256 * GiB, gpu: 4, gpuMemory: 0 }, count: 1 };

describe('PoolCapacity', () => {
    it('keeps tasks without gpus off gpu nodes while another pool fits', () => {
        const capacity = new PoolCapacity([gpuPool, cpuPool]);
        expect(capacity.reserve({ cpu: 1000, memory: 8 * GiB, gpu: 0, gpuMemory: 0 })).toEqual({ target: 'a', pool: 'cpu' });
        expect(capacity.reserve({ cpu: 1000, memory: 8 * GiB, gpu: 1, gpuMemory: 0 })).toEqual({ target: 'a', pool: 'gpu' });
    });

    it('needs a task to fit on one node, not in the pool as a whole', () => {
        const capacity = new PoolCapacity([cpuPool]);
        expect(capacity.fits({ cpu: 20_000, memory: GiB, gpu: 0, gpuMemory: 0 })).toBe(false);
        expect(capacity.neverFits({ cpu: 20_000, memory: GiB, gpu: 0, gpuMemory: 0 })).toBe('cpu');
        expect(capacity.neverFits({ cpu: 1000, memory: 65 * GiB, gpu: 0, gpuMemory: 0 })).toBe('memory');
        expect(capacity.neverFits({ cpu: 16_000, memory: GiB, gpu: 0, gpuMemory: 0 })).toBeUndefined();
        expect(capacity.total).toEqual({ cpu: 16_000, memory: 64 * GiB, gpu: 0, gpuMemory: 0 });
    });

    it('fills the nodes, spills to the next pool, and frees room on release', () => {
        const capacity = new PoolCapacity([cpuPool, { ...cpuPool, target: 'b', pool: 'other', count: 1 }]);
        const big = { cpu: 12_000, memory: 8 * GiB, gpu: 0, gpuMemory: 0 };
        const placements = [capacity.reserve(big), capacity.reserve(big), capacity.reserve(big)];
        expect(placements.map(placement => `${placement.target}/${placement.pool}`).sort()).toEqual(['a/cpu', 'a/cpu', 'b/other']);
        expect(capacity.fits(big)).toBe(false);
        capacity.release(big, placements[0]);
        expect(capacity.fits(big)).toBe(true);
        expect(capacity.inUse).toEqual({ cpu: 24_000, memory: 16 * GiB, gpu: 0, gpuMemory: 0 });
    });

    it('packs by free memory: the tightest node that fits wins', () => {
        const small = { target: 'a', pool: 'small', node: { cpu: 8000, memory: 16 * GiB, gpu: 0, gpuMemory: 0 }, count: 1 };
        const large = { target: 'a', pool: 'large', node: { cpu: 8000, memory: 128 * GiB, gpu: 0, gpuMemory: 0 }, count: 1 };
        expect(new PoolCapacity([large, small]).reserve({ cpu: 1000, memory: 12 * GiB, gpu: 0, gpuMemory: 0 }).pool).toBe('small');
    });

    it('scores pool preference below memory fit and idle gpus above both', () => {
        const node = { cpu: 8000, memory: 16 * GiB, gpu: 0, gpuMemory: 0 };
        const request = { cpu: 1000, memory: 8 * GiB, gpu: 0, gpuMemory: 0 };
        const none = { cpu: 0, memory: 0, gpu: 0, gpuMemory: 0 };
        expect(placementScore(node, none, request, 0, 2)).toBeLessThan(placementScore(node, none, request, 1, 2));
        expect(placementScore({ ...node, gpu: 1, gpuMemory: 0 }, none, request, 0, 2)).toBeGreaterThan(placementScore(node, none, request, 1, 2));
    });
});

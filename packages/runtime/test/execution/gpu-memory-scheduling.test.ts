// GPU memory counted by the scheduler: steps share a machine's or a pool's GPU memory, never more than it has.
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { targetOf } from '../../src/plan/targets.js';
import { Capacity } from '../../src/scheduling/capacity.js';
import { PoolCapacity } from '../../src/scheduling/pool-capacity.js';
import { InFlight, node, plan, sleep, workRoot } from './plan-fixtures.js';

const GiB = 2 ** 30;
const gpuMemory = (bytes: number) => ({ gpuMemory: { kind: 'quantity', unit: 'memory', value: bytes } } as const);
const sandbox = (capacity: Record<string, number>) =>
    ({ name: 'workstation', kind: 'sandbox', members: { runtime: 'process', capacity }, pools: [], source: { file: 't.weft', line: 1 } }) as const;

describe('gpuMemory in scheduling', () => {
    it('never runs two steps at once whose GPU memory together exceeds the machine\'s', async () => {
        const inFlight = new InFlight();
        const steps = plan(['a', 'b', 'c'].map(id => node(id, { step: 'finetune', settings: { resources: gpuMemory(16 * GiB) } })), {
            targets: [sandbox({ cpu: 8, memory: 64 * GiB, gpu: 4, gpuMemory: 24 * GiB })],
        });
        const result = await runPipeline(steps, {}, {
            workRoot: workRoot(),
            mocks: { finetune: () => inFlight.around('finetune', async () => { await sleep(15); return { value: 1 }; }) },
        });
        expect(result.status).toBe('completed');
        expect(inFlight.started).toHaveLength(3);
        expect(inFlight.max).toBe(1);
    });

    it('runs them side by side when the GPU memory holds both', async () => {
        const inFlight = new InFlight();
        const steps = plan(['a', 'b'].map(id => node(id, { step: 'finetune', settings: { resources: gpuMemory(12 * GiB) } })), {
            targets: [sandbox({ cpu: 8, memory: 64 * GiB, gpu: 4, gpuMemory: 24 * GiB })],
        });
        const result = await runPipeline(steps, {}, {
            workRoot: workRoot(),
            mocks: { finetune: () => inFlight.around('finetune', async () => { await sleep(50); return { value: 1 }; }) },
        });
        expect(result.status).toBe('completed');
        expect(inFlight.max).toBe(2);
    });

    it('fails at once, naming GPU memory, a step that asks more than the machine has', async () => {
        const steps = plan([node('huge', { settings: { resources: gpuMemory(48 * GiB) } })], {
            targets: [sandbox({ cpu: 8, memory: 64 * GiB, gpu: 4, gpuMemory: 24 * GiB })],
        });
        let ran = false;
        const result = await runPipeline(steps, {}, { workRoot: workRoot(), mocks: { huge: async () => { ran = true; return { value: 1 }; } } });
        expect(ran).toBe(false);
        expect(result.failures).toEqual([{
            step: 'huge', attempts: 0,
            message: `huge needs ${48 * GiB} bytes of GPU memory but the target has only ${24 * GiB} bytes of GPU memory in all; lower the step's resources or give the target more capacity`,
        }]);
    });

    it('places on a pool node only while its GPU memory holds the tasks already there', () => {
        const request = { cpu: 1000, memory: GiB, gpu: 1, gpuMemory: 30 * GiB };
        const pools = new PoolCapacity([{ target: 'k', pool: 'a100', node: { cpu: 32_000, memory: 256 * GiB, gpu: 8, gpuMemory: 80 * GiB }, count: 1 }]);
        expect(pools.reserve(request)).toEqual({ target: 'k', pool: 'a100' });
        expect(pools.reserve(request)).toEqual({ target: 'k', pool: 'a100' });
        expect(pools.fits(request)).toBe(false);
        expect(pools.inUse.gpuMemory).toBe(60 * GiB);
        expect(pools.neverFits({ ...request, gpuMemory: 81 * GiB })).toBe('gpuMemory');
        pools.release(request, { target: 'k', pool: 'a100' });
        expect(pools.fits(request)).toBe(true);
    });

    it('sends a task to the pool whose nodes have the GPU memory it asks', () => {
        const t4 = { target: 'k', pool: 't4', node: { cpu: 16_000, memory: 64 * GiB, gpu: 1, gpuMemory: 16 * GiB }, count: 4 };
        const a100 = { target: 'k', pool: 'a100', node: { cpu: 32_000, memory: 256 * GiB, gpu: 8, gpuMemory: 80 * GiB }, count: 1 };
        const pools = new PoolCapacity([t4, a100]);
        expect(pools.reserve({ cpu: 1000, memory: 8 * GiB, gpu: 1, gpuMemory: 12 * GiB }).pool).toBe('t4');
        expect(pools.reserve({ cpu: 1000, memory: 8 * GiB, gpu: 1, gpuMemory: 40 * GiB }).pool).toBe('a100');
    });

    it('prefers the node whose GPU memory the task fills most tightly, over declaration order', () => {
        const node = { cpu: 16_000, memory: 64 * GiB, gpu: 1 };
        const large = { target: 'k', pool: 'large', node: { ...node, gpuMemory: 80 * GiB }, count: 1 };
        const small = { target: 'k', pool: 'small', node: { ...node, gpuMemory: 24 * GiB }, count: 1 };
        const pools = new PoolCapacity([large, small]);
        expect(pools.reserve({ cpu: 1000, memory: 8 * GiB, gpu: 1, gpuMemory: 20 * GiB }).pool).toBe('small');
        expect(pools.reserve({ cpu: 1000, memory: 8 * GiB, gpu: 0, gpuMemory: 0 }).pool).toBe('large');
    });

    it('explains every pool as a candidate: its score, its parts, and whether a node has room now', () => {
        const node = { cpu: 16_000, memory: 64 * GiB, gpu: 1 };
        const pools = new PoolCapacity([
            { target: 'k', pool: 'large', node: { ...node, gpuMemory: 80 * GiB }, count: 1 },
            { target: 'k', pool: 'small', node: { ...node, gpuMemory: 16 * GiB }, count: 1 },
        ]);
        const request = { cpu: 1000, memory: 16 * GiB, gpu: 1, gpuMemory: 12 * GiB };
        pools.reserve(request);
        expect(pools.explain(request)).toEqual([
            { target: 'k', pool: 'large', fits: true, score: 0.75 + 0.85, parts: { idleGpus: 0, memoryLeft: 0.75, gpuMemoryLeft: 0.85, preference: 0 } },
            { target: 'k', pool: 'small', fits: false, score: 0.75 + 0.25 + 0.5, parts: { idleGpus: 0, memoryLeft: 0.75, gpuMemoryLeft: 0.25, preference: 0.5 } },
        ]);
    });

    it('reads gpuMemory from targets: unlimited where a sandbox says nothing, none on a pool that gives cpu but no gpuMemory', () => {
        expect(targetOf(sandbox({ cpu: 2, gpuMemory: 24 * GiB }))).toMatchObject({ capacity: { gpuMemory: 24 * GiB } });
        expect(targetOf(sandbox({ cpu: 2 }))).toMatchObject({ capacity: { gpuMemory: Infinity } });
        const cluster = targetOf({ name: 'k', kind: 'kubernetes', members: { namespace: 'ml' }, pools: [
            { name: 'cpu', members: { cpu: 4 } }, { name: 'gpu', members: { cpu: 4, gpu: 1, gpuMemory: 16 * GiB } }, { name: 'any', members: {} },
        ], source: { file: 't.weft', line: 1 } });
        expect(cluster.kind === 'kubernetes' && cluster.pools.map(pool => pool.node.gpuMemory)).toEqual([0, 16 * GiB, Infinity]);
    });

    it('treats a capacity without gpuMemory (a run stored before it was counted) as unlimited in it', () => {
        const stored = { cpu: 2000, memory: GiB, gpu: 0 } as unknown as ConstructorParameters<typeof Capacity>[0];
        const machine = new Capacity(stored);
        expect(machine.total.gpuMemory).toBe(Infinity);
        expect(machine.fits({ cpu: 1000, memory: GiB, gpu: 0, gpuMemory: 0 })).toBe(true);
    });
});

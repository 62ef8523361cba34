// Capacity, concurrency and critical-path order, measured on the attempts as they run.
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { duration, InFlight, literal, node, plan, sleep, workRoot } from './plan-fixtures.js';

const cores = (count: number) => ({ cpu: literal(count), memory: { kind: 'quantity', unit: 'memory', value: 2 ** 30 } } as const);

describe('scheduling', () => {
    it('never runs more than the capacity holds at once', async () => {
        const inFlight = new InFlight();
        const wide = plan(['a', 'b', 'c', 'd', 'e', 'f'].map(id => node(id, { step: 'work', settings: { resources: cores(1) } })));
        const result = await runPipeline(wide, {}, {
            workRoot: workRoot(),
            capacity: { cpu: 2000, memory: 8 * 2 ** 30, gpu: 0 },
            mocks: { work: () => inFlight.around('work', async () => { await sleep(15); return { value: 1 }; }) },
        });
        expect(result.status).toBe('completed');
        expect(inFlight.started).toHaveLength(6);
        expect(inFlight.max).toBe(2);
    });

    it('honours the pipeline concurrency', async () => {
        const inFlight = new InFlight();
        const wide = plan(['a', 'b', 'c', 'd'].map(id => node(id, { step: 'work' })), { concurrency: literal(3) });
        await runPipeline(wide, {}, {
            workRoot: workRoot(),
            mocks: { work: () => inFlight.around('work', async () => { await sleep(15); return { value: 1 }; }) },
        });
        expect(inFlight.max).toBe(3);
    });

    it('fails at once, with a clear message, a task that fits the target in no case', async () => {
        const huge = plan([node('big', { settings: { resources: { memory: { kind: 'quantity', unit: 'memory', value: 16 * 2 ** 30 } } } }), node('small')], {
            targets: [{ name: 'laptop', kind: 'sandbox', members: { capacity: { cpu: 4, memory: 8 * 2 ** 30, gpu: 0 } }, pools: [], source: { file: 't.weft', line: 1 } }],
        });
        let ranBig = false;
        const result = await runPipeline(huge, {}, {
            workRoot: workRoot(),
            mocks: { big: async () => { ranBig = true; return { value: 1 }; }, small: async () => ({ value: 1 }) },
        });
        expect(ranBig).toBe(false);
        expect(result.failures).toEqual([{
            step: 'big', attempts: 0,
            message: 'big needs 17179869184 bytes of memory but the target has only 8589934592 bytes of memory in all; lower the step\'s resources or give the target more capacity',
        }]);
        expect(result.tasks.find(task => task.id === 'small')?.state).toBe('completed');
    });

    it('starts the task with the longest remaining critical path first', async () => {
        // `quick` comes first in the plan, but `head → tail` is the longer chain (by timeouts).
        const chains = plan([
            node('quick', { settings: { timeout: duration(1000) } }),
            node('head', { settings: { timeout: duration(1000) } }),
            node('tail', { needs: ['head'], settings: { timeout: duration(5000) } }),
        ], { concurrency: literal(1) });
        const order: string[] = [];
        const record = (name: string) => async () => { order.push(name); return { value: 1 }; };
        await runPipeline(chains, {}, { workRoot: workRoot(), mocks: { quick: record('quick'), head: record('head'), tail: record('tail') } });
        expect(order).toEqual(['head', 'tail', 'quick']);
    });
});

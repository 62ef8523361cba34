// when/else, fan-outs, on failure and upstream failures, run on small plans with mocks.
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { anything, InFlight, literal, node, output, parameter, plan, sleep, stringSchema, workRoot } from './plan-fixtures.js';

const accuracyAtLeast = (threshold: number) => [{
    when: { kind: 'binary', operator: '>=', left: { kind: 'member', receiver: output('e', 'metrics'), name: 'accuracy' }, right: literal(threshold) },
    is: true,
}] as const;

const gated = plan([
    node('e', { outputs: ['metrics'], types: { metrics: { type: 'object', additionalProperties: { type: 'number' } } } }),
    node('p', { needs: ['e'], conditions: accuracyAtLeast(0.8) }),
    node('a', { needs: ['e'], conditions: [{ ...accuracyAtLeast(0.8)[0], is: false }] }),
]);

describe('when / else', () => {
    it('runs the block whose condition holds and skips the other', async () => {
        const ran: string[] = [];
        const mock = (name: string) => async () => { ran.push(name); return { value: 1 }; };
        const result = await runPipeline(gated, {}, {
            workRoot: workRoot(),
            mocks: { e: async () => ({ metrics: { accuracy: 0.9 } }), p: mock('p'), a: mock('a') },
        });
        expect(result.status).toBe('completed');
        expect(ran).toEqual(['p']);
        expect(result.tasks.find(task => task.id === 'a')?.state).toBe('skipped');

        ran.length = 0;
        const low = await runPipeline(gated, {}, {
            workRoot: workRoot(),
            mocks: { e: async () => ({ metrics: { accuracy: 0.5 } }), p: mock('p'), a: mock('a') },
        });
        expect(ran).toEqual(['a']);
        expect(low.tasks.find(task => task.id === 'p')?.state).toBe('skipped');
    });
});

describe('for fan-outs', () => {
    it('runs one task per element, never more at once than the loop concurrency, and collects the named output in order', async () => {
        const fanOut = plan([
            node('squares', {
                step: 'square',
                arguments: { x: { kind: 'variable', name: 'x' } },
                forEach: { variable: 'x', items: parameter('items'), concurrency: literal(2), output: 'value' },
            }),
        ], {
            parameters: [{ name: 'items', type: 'int[]' }],
            outputs: [{ name: 'squares', type: 'int[]', value: output('squares') }],
        });
        const inFlight = new InFlight();
        const result = await runPipeline(fanOut, { items: [1, 2, 3, 4, 5, 6] }, {
            workRoot: workRoot(),
            mocks: { square: (inputs: { x: number }) => inFlight.around(String(inputs.x), async () => { await sleep(15); return { value: inputs.x ** 2 }; }) },
        });
        expect(result.status).toBe('completed');
        expect(result.outputs).toEqual({ squares: [1, 4, 9, 16, 25, 36] });
        expect(inFlight.started).toHaveLength(6);
        expect(inFlight.max).toBe(2);
        expect(result.tasks.map(task => task.id)).toContain('squares[5]');
    });
});

describe('failures', () => {
    const failing = plan([
        node('train'),
        node('evaluate', { needs: ['train'] }),
        node('report', { after: ['evaluate'] }),
        node('f', {
            step: 'alert',
            onFailureOf: ['train', 'evaluate'],
            types: { subject: stringSchema, detail: stringSchema, what: stringSchema },
            arguments: {
                subject: { kind: 'member', receiver: { kind: 'failure' }, name: 'step' },
                detail: { kind: 'member', receiver: { kind: 'failure' }, name: 'message' },
                attempts: { kind: 'member', receiver: { kind: 'failure' }, name: 'attempts' },
                what: { kind: 'member', receiver: { kind: 'failure' }, name: 'kind' },
            },
        }),
    ]);

    it('skips the dependants of a failed task and runs the on-failure handler with the Failure record', async () => {
        const alerts: unknown[] = [];
        const store = new SqliteRunStore();
        const result = await runPipeline(failing, {}, {
            workRoot: workRoot(), store,
            mocks: {
                train: async () => { throw new Error('out of patience'); },
                evaluate: async () => ({ value: 1 }),
                report: async () => ({ value: 1 }),
                alert: async (inputs: unknown) => { alerts.push(inputs); return { value: 1 }; },
            },
        });
        expect(result.status).toBe('failed');
        expect(result.failures).toMatchObject([{ step: 'train', message: 'out of patience', attempts: 1, kind: 'step', error: 'Error' }]);
        const states = Object.fromEntries(result.tasks.map(task => [task.id, task.state]));
        expect(states).toEqual({ train: 'failed', evaluate: 'skipped', report: 'skipped', f: 'completed' });
        expect(alerts).toEqual([{ subject: 'train', detail: 'out of patience', attempts: 1, what: 'step' }]);
        expect(store.transitions(result.runId, 'evaluate').at(-1)?.reason).toBe('train ended failed');
        expect(store.run(result.runId)?.status).toBe('failed');
    });

    it('skips the on-failure handler when nothing it watches fails', async () => {
        const result = await runPipeline(failing, {}, {
            workRoot: workRoot(),
            mocks: { train: async () => ({ value: 1 }), evaluate: async () => ({ value: 1 }), report: async () => ({ value: 1 }), alert: async () => ({ value: 1 }) },
        });
        expect(result.status).toBe('completed');
        expect(result.tasks.find(task => task.id === 'f')?.state).toBe('skipped');
    });

    it('fails an attempt whose step leaves out a declared output, naming the field, without retrying', async () => {
        const result = await runPipeline(plan([node('fit', { outputs: ['model', 'metrics'], types: { model: anything }, settings: { retry: { attempts: literal(3), backoff: literal(1) } } })]), {}, {
            workRoot: workRoot(),
            mocks: { fit: async () => ({ model: 'm' }) },
        });
        expect(result.status).toBe('failed');
        expect(result.failures[0]?.message).toMatch(/metrics is missing/);
        expect(result.tasks[0]?.attempts).toBe(1);
    });
});

// Retries with backoff, per-attempt timeouts and run cancellation.
import { describe, expect, it } from 'vitest';
import type { StepContext } from '../../src/contract/step-context.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import type { AttemptResult, AttemptSpec, Executor } from '../../src/executors/executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { duration, literal, node, plan, sleep, workRoot } from './plan-fixtures.js';

describe('retries', () => {
    it('retries a failed attempt after an exponential backoff and completes', async () => {
        const starts: number[] = [];
        const store = new SqliteRunStore();
        const result = await runPipeline(plan([node('flaky', { settings: { retry: { attempts: literal(3), backoff: duration(40), factor: literal(2), stepErrors: literal(true) } } })]), {}, {
            workRoot: workRoot(), store,
            mocks: {
                flaky: async (_inputs: unknown, ctx: StepContext) => {
                    starts.push(Date.now());
                    if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} failed`);
                    return { value: ctx.attempt };
                },
            },
        });
        expect(result.status).toBe('completed');
        expect(starts).toHaveLength(3);
        expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(38);
        expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(78);
        expect(store.transitions(result.runId, 'flaky').map(change => change.to)).toEqual([
            'allocating', 'running', 'failed', 'pending', 'allocating', 'running', 'failed', 'pending', 'allocating', 'running', 'completed',
        ]);
        expect(store.attempts(result.runId, 'flaky').map(attempt => attempt.status)).toEqual(['failed', 'failed', 'completed']);
    });

    it('fails for good when the attempts are used up, with their number in the Failure record', async () => {
        let calls = 0;
        const result = await runPipeline(plan([node('broken', { settings: { retry: { attempts: literal(2), backoff: duration(1), stepErrors: literal(true) } } })]), {}, {
            workRoot: workRoot(),
            mocks: { broken: async () => { calls++; throw new Error('no'); } },
        });
        expect(calls).toBe(2);
        expect(result.failures).toMatchObject([{ step: 'broken', message: 'no', attempts: 2, kind: 'step', error: 'Error' }]);
    });
});

describe('timeouts', () => {
    it('aborts an attempt that outlives its timeout and reports it as timed out', async () => {
        let sawAbort = false;
        const store = new SqliteRunStore();
        const started = Date.now();
        const result = await runPipeline(plan([node('slow', { settings: { timeout: duration(50) } })]), {}, {
            workRoot: workRoot(), store,
            mocks: {
                // Ignores nothing: resolves only when its signal aborts, like a well-behaved long step.
                slow: (_inputs: unknown, ctx: StepContext) => new Promise(resolve => ctx.signal.addEventListener('abort', () => { sawAbort = true; resolve({ value: 1 }); })),
            },
        });
        expect(Date.now() - started).toBeLessThan(2000);
        expect(sawAbort).toBe(true);
        expect(result.status).toBe('failed');
        expect(result.failures[0]?.message).toBe('slow timed out after 50 ms');
        expect(store.attempts(result.runId, 'slow')[0]?.status).toBe('timed-out');
    });

    it('ends the attempt at its timeout even when the step ignores its signal', async () => {
        const result = await runPipeline(plan([node('stubborn', { settings: { timeout: duration(30) } })]), {}, {
            workRoot: workRoot(),
            mocks: { stubborn: async () => { await sleep(400); return { value: 1 }; } },
        });
        expect(result.failures[0]?.message).toMatch(/timed out after 30 ms/);
    });

    it('counts an attempt that answers its timeout by returning outputs as timed out, not completed', async () => {
        // As a worker or pod may: the executor reports "completed" after the abort it was sent.
        const returnsOnAbort: Executor = {
            name: 'returns-on-abort',
            execute: (_spec: AttemptSpec, context: { readonly signal: AbortSignal }) => new Promise<AttemptResult>(resolve => {
                context.signal.addEventListener('abort', () => resolve({ status: 'completed', outputs: { value: 1 } }), { once: true });
            }),
        };
        const store = new SqliteRunStore();
        const result = await runPipeline(plan([node('late', { settings: { timeout: duration(50) } })]), {}, { workRoot: workRoot(), store, executor: returnsOnAbort });
        expect(result.status).toBe('failed');
        expect(result.failures[0]?.message).toBe('late timed out after 50 ms');
        expect(store.attempts(result.runId, 'late').map(attempt => attempt.status)).toEqual(['timed-out']);
    });
});

describe('cancellation', () => {
    it('aborts attempts in flight, marks every unfinished task cancelled and leaves the store consistent', async () => {
        const controller = new AbortController();
        const store = new SqliteRunStore();
        let stepSignal: AbortSignal | undefined;
        const cancelled = plan([
            node('first'),
            node('long', { needs: ['first'] }),
            node('later', { needs: ['long'] }),
            node('waiting', { settings: { retry: { attempts: literal(3), backoff: duration(10_000), stepErrors: literal(true) } } }),
        ]);
        const run = runPipeline(cancelled, {}, {
            workRoot: workRoot(), store, signal: controller.signal,
            mocks: {
                first: async () => ({ value: 1 }),
                long: (_inputs: unknown, ctx: StepContext) => { stepSignal = ctx.signal; setTimeout(() => controller.abort(), 20); return new Promise(() => undefined); },
                later: async () => ({ value: 1 }),
                waiting: async () => { throw new Error('fails, then waits 10 s to retry'); },
            },
        });
        const result = await run;
        expect(result.status).toBe('cancelled');
        expect(stepSignal?.aborted).toBe(true);
        const states = Object.fromEntries(result.tasks.map(task => [task.id, task.state]));
        expect(states).toEqual({ first: 'completed', long: 'cancelled', later: 'cancelled', waiting: 'cancelled' });
        expect(store.run(result.runId)?.status).toBe('cancelled');
        expect(store.tasks(result.runId).map(task => task.state)).toEqual(['completed', 'cancelled', 'cancelled', 'cancelled']);
        expect(store.attempts(result.runId, 'long')[0]?.status).toBe('cancelled');
    });
});

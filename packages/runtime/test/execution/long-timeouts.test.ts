// Durations past what one Node timer holds (2^31 − 1 ms ≈ 24.8 days): a step's `timeout: 30d`,
// a pipeline's `timeout: 365d` and a retry backoff that grows past it wait their whole length.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StepContext } from '../../src/contract/step-context.js';
import { maxTimerDelayMs, setLongTimeout } from '../../src/execution/long-timer.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { duration, literal, node, plan, workRoot } from './plan-fixtures.js';

const DAY = 24 * 60 * 60 * 1000;

/** A promise and the function that resolves it. */
function latch<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>(done => { resolve = done; });
    return { promise, resolve };
}

beforeEach(() => {
    // Only timers are fake: the store and the work directories still use real I/O.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
    vi.useRealTimers();
});

describe('setLongTimeout', () => {
    it('waits 30 days: not a millisecond early, and then exactly once', async () => {
        const fired = vi.fn();
        setLongTimeout(fired, 30 * DAY);
        await vi.advanceTimersByTimeAsync(30 * DAY - 1);
        expect(fired).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        expect(fired).toHaveBeenCalledTimes(1);
        await vi.advanceTimersByTimeAsync(400 * DAY);
        expect(fired).toHaveBeenCalledTimes(1);
        expect(vi.getTimerCount()).toBe(0);
    });

    it('holds one Node timer at a time, none longer than 2^31 − 1 ms', async () => {
        const fired = vi.fn();
        setLongTimeout(fired, 365 * DAY);
        expect(vi.getTimerCount()).toBe(1);
        await vi.advanceTimersByTimeAsync(maxTimerDelayMs);
        expect(vi.getTimerCount()).toBe(1);
        expect(fired).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(365 * DAY - maxTimerDelayMs);
        expect(fired).toHaveBeenCalledTimes(1);
    });

    it('fires short delays as a plain timer would, and never once cleared, even mid-chain', async () => {
        const short = vi.fn();
        setLongTimeout(short, 50);
        await vi.advanceTimersByTimeAsync(49);
        expect(short).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        expect(short).toHaveBeenCalledTimes(1);
        const cleared = vi.fn();
        const timer = setLongTimeout(cleared, 60 * DAY);
        await vi.advanceTimersByTimeAsync(40 * DAY);
        timer.clear();
        timer.clear();
        await vi.advanceTimersByTimeAsync(60 * DAY);
        expect(cleared).not.toHaveBeenCalled();
        expect(vi.getTimerCount()).toBe(0);
    });
});

describe('long durations in a run', () => {
    it('a step with timeout: 30d is not stopped before 30 days, and times out at 30 days', async () => {
        const started = latch<AbortSignal>();
        const store = new SqliteRunStore();
        const running = runPipeline(plan([node('slow', { settings: { timeout: duration(30 * DAY) } })]), {}, {
            workRoot: workRoot(), store,
            mocks: {
                slow: (_inputs: unknown, ctx: StepContext) => new Promise((_resolve, reject) => {
                    started.resolve(ctx.signal);
                    ctx.signal.addEventListener('abort', () => reject(new Error('stopped')));
                }),
            },
        });
        const signal = await started.promise;
        await vi.advanceTimersByTimeAsync(30 * DAY - 1);
        expect(signal.aborted).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        expect(signal.aborted).toBe(true);
        const result = await running;
        expect(result.status).toBe('failed');
        expect(result.failures.map(failure => failure.message)).toEqual([`slow timed out after ${30 * DAY} ms`]);
        expect(store.attempts(result.runId, 'slow').map(attempt => attempt.status)).toEqual(['timed-out']);
    });

    it('a step with timeout: 30d that finishes in an hour completes', async () => {
        const result = await runPipeline(plan([node('quick', { settings: { timeout: duration(30 * DAY) } })]), {}, {
            workRoot: workRoot(), mocks: { quick: () => ({ value: 1 }) },
        });
        expect(result.status).toBe('completed');
        expect(vi.getTimerCount()).toBe(0);
    });

    it('a pipeline with timeout: 365d runs on until 365 days, then is cancelled naming its timeout', async () => {
        const started = latch();
        const store = new SqliteRunStore();
        const running = runPipeline(plan([node('year')], { timeout: duration(365 * DAY) }), {}, {
            workRoot: workRoot(), store,
            mocks: {
                year: (_inputs: unknown, ctx: StepContext) => new Promise((_resolve, reject) => {
                    started.resolve();
                    ctx.signal.addEventListener('abort', () => reject(new Error('stopped')));
                }),
            },
        });
        await started.promise;
        await vi.advanceTimersByTimeAsync(365 * DAY - 1);
        expect(store.run(latestRun(store)!)?.status).toBe('running');
        await vi.advanceTimersByTimeAsync(1);
        const result = await running;
        expect(result.status).toBe('failed');
        expect(result.failures.map(failure => failure.message)).toEqual([
            `test ran out of its timeout of ${365 * DAY} ms; the tasks still running or waiting were cancelled`,
        ]);
        expect(result.tasks.map(task => [task.id, task.state])).toEqual([['year', 'cancelled']]);
    });

    it('a retry backoff that grows past 2^31 − 1 ms (1d, then 1d × 30) waits its whole length', async () => {
        let calls = 0;
        const store = new SqliteRunStore();
        const running = runPipeline(plan([node('flaky', { settings: { retry: { attempts: literal(3), backoff: duration(DAY), factor: literal(30), stepErrors: literal(true) } } })]), {}, {
            workRoot: workRoot(), store,
            mocks: {
                flaky: () => {
                    calls++;
                    if (calls === 3) return { value: 3 };
                    throw new Error(`attempt ${calls} fails`);
                },
            },
        });
        for (const [failed, backoff] of [[1, DAY], [2, 30 * DAY]] as const) {
            await until(() => latestRun(store) !== undefined && store.attempts(latestRun(store)!, 'flaky').filter(attempt => attempt.status === 'failed').length === failed
                && store.tasks(latestRun(store)!)[0]?.state === 'failed');
            await vi.advanceTimersByTimeAsync(backoff - 1);
            expect(calls).toBe(failed);
            await vi.advanceTimersByTimeAsync(1);
        }
        const result = await running;
        expect(calls).toBe(3);
        expect(result.status).toBe('completed');
        expect(store.attempts(result.runId, 'flaky').map(attempt => attempt.status)).toEqual(['failed', 'failed', 'completed']);
    });
});

/** Waits (on real I/O turns, not timers) until `condition` holds; gives up after 20 s of real time (a run's start spawns `git`). */
async function until(condition: () => boolean): Promise<void> {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        if (condition()) return;
        await new Promise(resolve => setImmediate(resolve));
    }
    throw new Error('the condition never held');
}

/** The id of the only run in the store, once the run has been created. */
function latestRun(store: SqliteRunStore): string | undefined {
    return store.runs()[0]?.id;
}

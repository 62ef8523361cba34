// The pipeline-level `timeout`: the run is cancelled when it runs out and fails naming it.
import { describe, expect, it } from 'vitest';
import type { StepContext } from '../../src/contract/step-context.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { duration, node, plan, workRoot } from './plan-fixtures.js';

const untilAborted = (_inputs: unknown, ctx: StepContext): Promise<never> =>
    new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));

describe('the run timeout', () => {
    it('cancels running and waiting tasks and fails the run with a message naming the timeout', async () => {
        const store = new SqliteRunStore();
        const started = Date.now();
        const result = await runPipeline(plan([node('slow'), node('later', { needs: ['slow'] })], { timeout: duration(80) }), {}, {
            workRoot: workRoot(), store, mocks: { slow: untilAborted, later: () => ({ value: 1 }) },
        });
        expect(Date.now() - started).toBeGreaterThanOrEqual(75);
        expect(Date.now() - started).toBeLessThan(2000);
        expect(result.status).toBe('failed');
        expect(result.failures.map(failure => failure.message)).toEqual(['test ran out of its timeout of 80 ms; the tasks still running or waiting were cancelled']);
        expect(result.tasks.map(task => [task.id, task.state])).toEqual([['slow', 'cancelled'], ['later', 'cancelled']]);
        expect(store.run(result.runId)?.status).toBe('failed');
        expect(store.attempts(result.runId, 'slow')[0]?.status).toBe('cancelled');
    });

    it('does not touch a run that finishes in time', async () => {
        const result = await runPipeline(plan([node('quick')], { timeout: duration(5000) }), {}, {
            workRoot: workRoot(), mocks: { quick: () => ({ value: 1 }) },
        });
        expect(result.status).toBe('completed');
    });

    it('still reports a caller cancellation as cancelled', async () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 30);
        const result = await runPipeline(plan([node('slow')], { timeout: duration(5000) }), {}, {
            workRoot: workRoot(), signal: controller.signal, mocks: { slow: untilAborted },
        });
        expect(result.status).toBe('cancelled');
        expect(result.failures).toEqual([]);
    });
});

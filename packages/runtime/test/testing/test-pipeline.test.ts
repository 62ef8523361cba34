// testPipeline: a run for a test, read back whole (outputs, tasks, attempts, logs, events), with
// mocked steps that never reach the executor, whichever it is.
import { AssertionError } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/executors/create-executor.js';
import type { StepContext } from '../../src/contract/step-context.js';
import { testPipeline, UnknownTaskError } from '../../src/testing/index.js';
import { mockedPipeline, mockStepsRoot, recording } from '../execution/mock-fixtures.js';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-test-pipeline-cache-'));

const loggingMocks = {
    source: async (_inputs: unknown, ctx: StepContext) => {
        ctx.logger.info('the mocked source ran', { value: 21 });
        return { value: 21 };
    },
};

describe.each(['process', 'gvisor'] as const)('testPipeline with the %s executor', kind => {
    it('runs the mocked step in this process, only the other step with the executor, and returns tasks, attempts and logs', async () => {
        const { plan } = mockedPipeline();
        const { executor, tasks } = recording(createExecutor(kind, { cacheDir }));
        const result = await testPipeline(plan, {}, { root: mockStepsRoot, cacheDir, executor, mocks: loggingMocks });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        expect(result.outputs).toEqual({ result: 42 });
        // The executor was never given the mocked task: no process or sandbox was started for it.
        expect(tasks).toEqual(['b']);
        expect(result.tasks.map(task => [task.id, task.state, task.attempts])).toEqual([['a', 'completed', 1], ['b', 'completed', 1]]);
        expect(result.task('a').messages).toEqual(['the mocked source ran']);
        expect(result.task('a').logs[0]).toMatchObject({ taskId: 'a', attempt: 1, level: 'info', fields: { value: 21 } });
        expect(result.task('b').history).toMatchObject([{ attempt: 1, status: 'completed' }]);
        expect(result.task('b').transitions.map(change => change.to)).toContain('completed');
        expect(result.events).toContainEqual(result.task('a').logs[0]);
        result.assertCompleted();
    }, 180_000);
});

describe('testPipeline', () => {
    it('makes the executor from its kind: the default, process, runs the real step', async () => {
        const { plan } = mockedPipeline();
        const result = await testPipeline(plan, {}, { root: mockStepsRoot, cacheDir });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        expect(result.outputs).toEqual({ result: 2 });
        expect(result.task('a').messages).toEqual(['the real source ran']);
    }, 120_000);

    it('reports a failed step with its failure, and assertCompleted throws an AssertionError naming it', async () => {
        const { plan } = mockedPipeline();
        const result = await testPipeline(plan, {}, {
            root: mockStepsRoot, cacheDir, executor: 'inline',
            mocks: { source: async () => { throw new Error('no rows to read'); } },
        });
        expect(result.status).toBe('failed');
        expect(result.outputs).toBeUndefined();
        expect(result.task('a')).toMatchObject({ state: 'failed', attempts: 1, failure: { step: 'source', message: expect.stringContaining('no rows to read') } });
        expect(result.task('b')).toMatchObject({ state: 'skipped', attempts: 0 });
        expect(() => result.assertCompleted()).toThrow(AssertionError);
        expect(() => result.assertCompleted()).toThrow(/^the run of .* failed: source: .*no rows to read/);
    });

    it('names the run\'s tasks when asked for one it does not have', async () => {
        const { plan } = mockedPipeline();
        const result = await testPipeline(plan, {}, { root: mockStepsRoot, cacheDir, executor: 'inline', mocks: loggingMocks });
        const error = (() => { try { result.task('c'); } catch (caught) { return caught; } })();
        expect(error).toBeInstanceOf(UnknownTaskError);
        expect(error).toMatchObject({ code: 'unknown-task', fault: 'user' });
        expect((error as Error).message).toMatch(/^the run of \S+ has no task c; its tasks are: a, b$/);
    });
});

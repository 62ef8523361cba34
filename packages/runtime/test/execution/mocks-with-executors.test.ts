// Mocks are honoured with every executor: a mocked step runs its mock inline and never reaches the
// executor (no process, no sandbox); the other steps run for real with the executor given.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTaskCache } from '../../src/caching/file-task-cache.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { createExecutor, type ExecutorKind } from '../../src/executors/create-executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { mockedPipeline, mocks, mockStepsRoot, realSourceRan, recording } from './mock-fixtures.js';
import { literal, workRoot } from './plan-fixtures.js';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-mock-cache-'));

describe.each<ExecutorKind>(['inline', 'process', 'gvisor'])('mocks with the %s executor', kind => {
    it('runs the mocked step inline and only the other step with the executor', async () => {
        const { plan, marker } = mockedPipeline();
        const { executor, tasks } = recording(createExecutor(kind, { cacheDir }));
        const store = new SqliteRunStore(':memory:');
        const result = await runPipeline(plan, {}, { root: mockStepsRoot, executor, mocks, store, workRoot: workRoot(), runId: `mocked-${kind}` });
        expect(result.status, JSON.stringify(result.failures)).toBe('completed');
        expect(result.outputs).toEqual({ result: 42 });
        expect(tasks).toEqual(['b']);
        expect(realSourceRan(marker, store, `mocked-${kind}`)).toBe(false);
        store.close();
    }, 120_000);
});

describe('without mocks', () => {
    it('runs the real step with the executor (the marker the mocked runs never leave)', async () => {
        const { plan, marker } = mockedPipeline();
        const { executor, tasks } = recording(createExecutor('process', { cacheDir }));
        const store = new SqliteRunStore(':memory:');
        const result = await runPipeline(plan, {}, { root: mockStepsRoot, executor, store, workRoot: workRoot(), runId: 'unmocked' });
        expect(result.outputs).toEqual({ result: 2 });
        expect(tasks).toEqual(['a', 'b']);
        expect(realSourceRan(marker, store, 'unmocked')).toBe(true);
        store.close();
    }, 120_000);
});

describe('mocks and the cache', () => {
    it('never stores a mock\'s result under the real step\'s key: a later real run misses and runs the step', async () => {
        const { plan: mocked, marker } = mockedPipeline();
        const cached = { ...mocked, nodes: mocked.nodes.map(each => ({ ...each, settings: { ...each.settings, cache: literal(true) } })) };
        const cache = new FileTaskCache(mkdtempSync(path.join(tmpdir(), 'weft-mock-task-cache-')));
        const store = new SqliteRunStore(':memory:');
        const cacheLine = (runId: string) => store.events(runId).find(event => event.taskId === 'a' && event.fields?.['cache'] !== undefined)?.fields?.['cache'];
        const mockedRun = (runId: string) => runPipeline(cached, {}, { root: mockStepsRoot, executor: createExecutor('process', { cacheDir }), mocks, cache, store, workRoot: workRoot(), runId, cacheDir });
        expect((await mockedRun('mocked-cached')).outputs).toEqual({ result: 42 });
        expect(cacheLine('mocked-cached')).toBe('miss');
        // The mock's result is cached under the mock's own key: a second mocked run hits.
        expect((await mockedRun('mocked-again')).outputs).toEqual({ result: 42 });
        expect(cacheLine('mocked-again')).toBe('hit');
        const real = await runPipeline(cached, {}, { root: mockStepsRoot, executor: createExecutor('process', { cacheDir }), cache, store, workRoot: workRoot(), runId: 'real-cached', cacheDir });
        expect(real.outputs).toEqual({ result: 2 });
        expect(cacheLine('real-cached')).toBe('miss');
        expect(realSourceRan(marker, store, 'real-cached')).toBe(true);
        store.close();
    }, 120_000);
});

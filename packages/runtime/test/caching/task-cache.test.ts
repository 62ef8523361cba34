// The step cache with the real engine: keys, hits as `cached`, misses explained part by part.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../src/artifacts/artifact-store.js';
import { FileTaskCache } from '../../src/caching/file-task-cache.js';
import type { PlanExpression } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { Dataset } from '../../src/handles/dataset.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { datasetSchema, literal, node, output, parameter, plan, workRoot } from '../execution/plan-fixtures.js';

const version = (value: string): PlanExpression => ({ kind: 'record', fields: { version: literal(value) } });

/** A project folder with the step modules the cache hashes, and its cache folder. */
function project(): { root: string; cache: FileTaskCache } {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-cache-'));
    writeFileSync(path.join(root, 'double.ts'), 'import { helper } from "./helper.ts";\nexport const double = helper;\n');
    writeFileSync(path.join(root, 'helper.ts'), 'export const helper = 1;\n');
    writeFileSync(path.join(root, 'write.ts'), 'export const write = 1;\n');
    writeFileSync(path.join(root, 'count.ts'), 'export const count = 1;\n');
    return { root, cache: new FileTaskCache(path.join(root, '.weft', 'cache')) };
}

function doubling(cacheSetting: PlanExpression = literal(true)) {
    return plan([node('d', { step: 'double', arguments: { x: parameter('x') }, settings: { cache: cacheSetting } })], {
        parameters: [{ name: 'x', type: 'int' }],
        outputs: [{ name: 'y', type: 'int', value: output('d', 'value') }],
    });
}

describe('the step cache', () => {
    it('runs a cached step once: the second run completes it from cache (pending → cached)', async () => {
        const { root, cache } = project();
        const store = new SqliteRunStore();
        let calls = 0;
        const mocks = { double: async (inputs: { x: number }) => ({ value: inputs.x * 2 + calls++ * 0 }) };
        const first = await runPipeline(doubling(), { x: 4 }, { root, cache, store, mocks, workRoot: workRoot() });
        const second = await runPipeline(doubling(), { x: 4 }, { root, cache, store, mocks, workRoot: workRoot() });
        expect(calls).toBe(1);
        expect(first.tasks[0]!.state).toBe('completed');
        expect(second.tasks[0]!.state).toBe('cached');
        expect(second.outputs).toEqual({ y: 8 });
        expect(store.transitions(second.runId, 'd').map(change => `${change.from}→${change.to}`)).toEqual(['pending→cached']);
        expect(store.events(first.runId, 'd').map(event => event.message)).toEqual(['cache miss: double was never cached before']);
        expect(store.events(second.runId, 'd')[0]).toMatchObject({ message: expect.stringMatching(/^cache hit: same key as run /), fields: { cache: 'hit' } });
    });

    it('explains a miss by the part of the key that changed: an input, the implementation, cache.version', async () => {
        const { root, cache } = project();
        // The real step, bundled and run by the process executor: a mock's key is the mock's own code.
        writeFileSync(path.join(root, 'double.ts'), 'import { helper } from "./helper.ts";\nexport const double = (inputs: { x: number }) => ({ value: inputs.x * 2 * helper });\n');
        const cacheDir = path.join(root, '.weft');
        const executor = createExecutor('process', { cacheDir });
        const store = new SqliteRunStore();
        const run = async (x: number, setting?: PlanExpression) => {
            const result = await runPipeline(doubling(setting), { x }, { root, cache, store, executor, cacheDir, workRoot: workRoot() });
            return store.events(result.runId, 'd')[0]!.message;
        };
        await run(1);
        expect(await run(2)).toMatch(/^cache miss: input x changed since run /);
        expect(await run(1)).toMatch(/^cache hit/);
        writeFileSync(path.join(root, 'helper.ts'), 'export const helper = 2; // a helper the step imports\n');
        expect(await run(1)).toMatch(/^cache miss: implementation changed \(helper\.ts\) since run /);
        expect(await run(1, version('2'))).toMatch(/^cache miss: cache\.version changed since run /);
        expect(await run(1, version('2'))).toMatch(/^cache hit/);
    }, 60_000);

    it('keeps output artifacts in its own store; a hit needs them, and feeds them downstream', async () => {
        const { root, cache } = project();
        const store = new SqliteRunStore();
        let writes = 0;
        const pipeline = plan([
            node('w', { step: 'write', settings: { cache: literal(true) }, types: { value: datasetSchema() } }),
            node('c', { step: 'count', arguments: { data: output('w', 'value') }, needs: ['w'], types: { data: datasetSchema() } }),
        ], { outputs: [{ name: 'n', type: 'int', value: output('c', 'value') }] });
        const mocks = {
            write: async (_inputs: unknown, ctx: { workDir: string }) => {
                writes++;
                return { value: await Dataset.write(path.join(ctx.workDir, 'rows.jsonl'), [{ a: 1 }, { a: 2 }, { a: 3 }]) };
            },
            count: async (inputs: { data: Dataset<unknown> }) => ({ value: (await inputs.data.readAll()).length }),
        };
        const options = () => ({ root, cache, store, mocks, workRoot: workRoot() });
        const first = await runPipeline(pipeline, {}, options());
        rmSync(path.dirname(path.dirname(path.dirname(store.artifacts(first.runId)[0]!.path!))), { recursive: true }); // the first run's work folder
        const second = await runPipeline(pipeline, {}, options());
        expect(writes).toBe(1);
        expect(second.tasks.map(task => task.state)).toEqual(['cached', 'completed']);
        expect(second.outputs).toEqual({ n: 3 });
        const entry = readFileSync(path.join(root, '.weft', 'cache', 'history', 'write.json'), 'utf8');
        expect(entry).toContain('"step":"write"');

        const blob = (store.tasks(second.runId)[0]!.outputs as { value: { path: string } }).value.path;
        expect(blob.startsWith(path.join(root, '.weft', 'cache', 'blobs'))).toBe(true);
        rmSync(blob);
        const third = await runPipeline(pipeline, {}, options());
        expect(writes).toBe(2);
        expect(store.events(third.runId, 'w')[0]!.message).toBe(`cache miss: the cached output value is gone (${blob})`);
        expect(existsSync(blob)).toBe(true); // the third run stored it again
    });

    it('with the run\'s artifact store, keeps output files there: stored once, not copied again', async () => {
        const { root } = project();
        const artifacts = new ArtifactStore(path.join(root, '.weft', 'artifacts'));
        const cache = new FileTaskCache(path.join(root, '.weft', 'cache'), artifacts);
        const store = new SqliteRunStore();
        // `stored` returns a file already in the artifact store (as out-of-process executors do); `fresh` one in its work folder.
        const pipeline = plan([
            node('stored', { step: 'write', settings: { cache: literal(true) }, types: { value: datasetSchema() } }),
            node('fresh', { step: 'count', settings: { cache: literal(true) }, types: { value: datasetSchema() } }),
        ]);
        let stored = '';
        const mocks = {
            write: async (_inputs: unknown, ctx: { workDir: string }) => {
                const rows = await Dataset.write(path.join(ctx.workDir, 'a.jsonl'), [{ a: 1 }]);
                stored = (await artifacts.putFile(rows.path)).path;
                return { value: new Dataset(stored) };
            },
            count: async (_inputs: unknown, ctx: { workDir: string }) => ({ value: await Dataset.write(path.join(ctx.workDir, 'b.jsonl'), [{ b: 2 }]) }),
        };
        const first = await runPipeline(pipeline, {}, { root, cache, store, mocks, workRoot: workRoot() });
        expect(first.status).toBe('completed');
        const second = await runPipeline(pipeline, {}, { root, cache, store, mocks, workRoot: workRoot() });
        expect(second.tasks.map(task => task.state)).toEqual(['cached', 'cached']);
        const [kept, put] = store.tasks(second.runId).map(task => (task.outputs as { value: { path: string } }).value.path);
        expect(kept).toBe(stored);
        expect(artifacts.contains(put!)).toBe(true);
        expect(readFileSync(put!, 'utf8')).toBe('{"b":2}\n');
        expect(existsSync(path.join(root, '.weft', 'cache', 'blobs'))).toBe(false);
    });

    it('keys dataset inputs by content: the same rows at another path hit', async () => {
        const { root, cache } = project();
        const store = new SqliteRunStore();
        const pipeline = plan([node('c', { step: 'count', arguments: { data: parameter('data') }, settings: { cache: literal(true) }, types: { data: datasetSchema({ type: 'integer' }) } })], {
            parameters: [{ name: 'data', type: 'Dataset<int>' }],
        });
        const mocks = { count: async (inputs: { data: Dataset<unknown> }) => ({ value: (await inputs.data.readAll()).length }) };
        const a = await Dataset.write(path.join(root, 'a.jsonl'), [1, 2]);
        const b = await Dataset.write(path.join(root, 'b.jsonl'), [1, 2]);
        const c = await Dataset.write(path.join(root, 'c.jsonl'), [1, 2, 3]);
        const states = [];
        for (const data of [a, b, c]) {
            const result = await runPipeline(pipeline, { data }, { root, cache, store, mocks, workRoot: workRoot() });
            states.push(result.tasks[0]!.state);
        }
        expect(states).toEqual(['completed', 'cached', 'completed']);
    });

    it('leaves steps without a cache setting alone', async () => {
        const { root, cache } = project();
        const store = new SqliteRunStore();
        const pipeline = plan([node('d', { step: 'double' })]);
        const mocks = { double: async () => ({ value: 1 }) };
        for (let i = 0; i < 2; i++) {
            const result = await runPipeline(pipeline, {}, { root, cache, store, mocks, workRoot: workRoot() });
            expect(result.tasks[0]!.state).toBe('completed');
            expect(store.events(result.runId)).toEqual([]);
        }
    });
});

// Lineage through the engine (inline steps): each artifact's digest, task, attempt and inputs;
// upstream and downstream walks; a cached task keeps the chain; prefixes resolve or are refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTaskCache } from '../../src/caching/file-task-cache.js';
import type { PlanArtifact } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Dataset } from '../../src/handles/dataset.js';
import { artifactLineage, LineageLookupError, resolveDigest, runLineage } from '../../src/lineage/index.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { datasetSchema, literal, node, output, plan, stringSchema, workRoot } from '../execution/plan-fixtures.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function project() {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-lineage-'));
    mkdirSync(path.join(root, 'data'));
    const rows = '{"n":1}\n{"n":2}\n{"n":3}\n';
    writeFileSync(path.join(root, 'data', 'rows.jsonl'), rows);
    // The cache keys steps by their implementation modules: give the mocked steps some.
    writeFileSync(path.join(root, 'double.ts'), 'export const double = 1;\n');
    writeFileSync(path.join(root, 'sum.ts'), 'export const sum = 1;\n');
    const rowsArtifact: PlanArtifact = { name: 'rows', kind: 'dataset', type: 'Dataset<{ n: int }>', source: { file: 'p.weft', line: 2 }, members: { uri: 'file:data/rows.jsonl', version: '7', sha256: sha256(rows) } };
    const rowsSchema = datasetSchema({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] });
    const pipeline = plan([
        node('double', { arguments: { data: { kind: 'artifact', name: 'rows' }, factor: literal(2) }, settings: { cache: literal(true) }, types: { data: rowsSchema, value: rowsSchema } }),
        node('sum', { arguments: { data: output('double', 'value'), label: literal('total') }, needs: ['double'], types: { data: rowsSchema, label: stringSchema } }),
    ], { artifacts: [rowsArtifact], outputs: [{ name: 'value', type: 'int', value: output('sum', 'value') }] });
    const mocks = {
        double: async (inputs: { data: Dataset<{ n: number }>; factor: number }, ctx: { workDir: string }) =>
            ({ value: await Dataset.write(path.join(ctx.workDir, 'doubled.jsonl'), (await inputs.data.readAll()).map(row => ({ n: row.n * inputs.factor }))) }),
        sum: async (inputs: { data: Dataset<{ n: number }> }) => ({ value: (await inputs.data.readAll()).reduce((total, row) => total + row.n, 0) }),
    };
    return { root, rows, pipeline, mocks };
}

describe('lineage', () => {
    it('records digests, attempts and inputs, and walks from an artifact up to the declaration and down to its users', async () => {
        const { root, rows, pipeline, mocks } = project();
        const store = new SqliteRunStore();
        const result = await runPipeline(pipeline, {}, { root, store, mocks, workRoot: workRoot() });
        expect(result.outputs).toEqual({ value: 12 });
        const doubled = '{"n":2}\n{"n":4}\n{"n":6}\n';
        expect(store.artifacts(result.runId)).toEqual([expect.objectContaining({ taskId: 'double', output: 'value', kind: 'dataset', attempt: 1, digest: `sha256:${sha256(doubled)}`, size: doubled.length })]);
        expect(store.runInputs(result.runId)).toEqual([{ name: 'rows', kind: 'dataset', uri: 'file:data/rows.jsonl', path: path.join(root, 'data', 'rows.jsonl'), version: '7', digest: `sha256:${sha256(rows)}` }]);
        expect(store.taskInputs(result.runId, 'sum')).toEqual([
            expect.objectContaining({ input: 'data', kind: 'dataset', attempt: 1, digest: `sha256:${sha256(doubled)}` }),
            { taskId: 'sum', attempt: 1, input: 'label', kind: 'value', value: 'total' },
        ]);

        const graph = artifactLineage(store, resolveDigest(store, sha256(doubled).slice(0, 6)));
        expect(graph.focus).toBe(`artifact:sha256:${sha256(doubled)}`);
        const labels = graph.edges.map(edge => `${edge.from.split(':').slice(0, 1)}→${edge.to.split(':')[0]} ${edge.label}`).sort();
        expect(labels).toEqual(['artifact→task data', 'declared→task data', 'task→artifact value']);
        expect(graph.nodes.find(candidate => candidate.type === 'task' && candidate.taskId === 'double')).toMatchObject({ step: 'double', attempt: 1, values: { factor: 2 } });
        expect(graph.nodes.find(candidate => candidate.type === 'task' && candidate.taskId === 'sum')).toMatchObject({ values: { label: 'total' } });

        // From the dataset's digest: it is the declaration, used by double, whose output sum used.
        const fromDataset = artifactLineage(store, `sha256:${sha256(rows)}`);
        expect(fromDataset.nodes.find(candidate => candidate.id === fromDataset.focus)).toMatchObject({ type: 'declared', name: 'rows', version: '7' });
        expect(fromDataset.nodes.filter(candidate => candidate.type === 'task').map(candidate => candidate.type === 'task' && candidate.taskId).sort()).toEqual(['double', 'sum']);

        const whole = runLineage(store, result.runId);
        expect(whole.parameters).toEqual({});
        expect(whole.nodes.map(candidate => candidate.type).sort()).toEqual(['artifact', 'declared', 'task', 'task']);
    });

    it('keeps the chain through a task completed from cache', async () => {
        const { root, pipeline, mocks } = project();
        const store = new SqliteRunStore();
        const cache = new FileTaskCache(path.join(root, '.weft', 'cache'));
        await runPipeline(pipeline, {}, { root, store, mocks, cache, workRoot: workRoot() });
        const second = await runPipeline(pipeline, {}, { root, store, mocks, cache, workRoot: workRoot() });
        expect(second.tasks.map(task => task.state)).toEqual(['cached', 'completed']);
        const [cached] = store.artifacts(second.runId);
        expect(cached).toMatchObject({ taskId: 'double', kind: 'dataset', digest: expect.stringMatching(/^sha256:/) });
        expect(cached!.attempt).toBeUndefined();
        const graph = runLineage(store, second.runId);
        expect(graph.edges.some(edge => edge.from === `task:${second.runId}:double` && edge.to === `artifact:${cached!.digest}`)).toBe(true);
        expect(graph.edges.some(edge => edge.from === `artifact:${cached!.digest}` && edge.to === `task:${second.runId}:sum`)).toBe(true);
    });

    it('fails the run before any task when a declared sha256 does not match, or its file is missing', async () => {
        const { root, pipeline, mocks } = project();
        writeFileSync(path.join(root, 'data', 'rows.jsonl'), '{"n":1}\n');
        let called = 0;
        const counted = { double: async (...args: Parameters<typeof mocks.double>) => { called++; return mocks.double(...args); }, sum: mocks.sum };
        const store = new SqliteRunStore();
        const result = await runPipeline(pipeline, {}, { root, store, mocks: counted, workRoot: workRoot() });
        expect(result).toMatchObject({ status: 'failed', tasks: [] });
        expect(result.failures.map(failure => failure.message)).toEqual([
            `dataset rows (p.weft:2): data/rows.jsonl has sha256 ${sha256('{"n":1}\n')}, but the declaration says ${pipeline.artifacts[0]!.members['sha256']}`,
        ]);
        expect(called).toBe(0);
        expect(store.tasks(result.runId)).toEqual([]);
        expect(store.run(result.runId)?.status).toBe('failed');

        rmSync(path.join(root, 'data', 'rows.jsonl'));
        const missing = await runPipeline(pipeline, {}, { root, store, mocks: counted, workRoot: workRoot() });
        expect(missing.failures[0]!.message).toBe('dataset rows (p.weft:2): data/rows.jsonl cannot be checked against its sha256: it is missing or not a file (a folder has no single digest)');
    });

    it('refuses a prefix that is not hex, matches nothing, or matches several digests', async () => {
        const store = new SqliteRunStore();
        store.createRun({ id: 'r', pipeline: 'p', plan: plan([]), root: '/', createdAt: 1, parameters: {}, settings: {} });
        store.recordArtifacts('r', [
            { taskId: 'a', output: 'x', kind: 'file', digest: `sha256:abcd${'0'.repeat(60)}` },
            { taskId: 'a', output: 'y', kind: 'file', digest: `sha256:abce${'0'.repeat(60)}` },
        ]);
        const reasonOf = (prefix: string) => {
            try {
                return resolveDigest(store, prefix);
            } catch (error) {
                return error instanceof LineageLookupError ? `${error.reason}: ${error.message}` : String(error);
            }
        };
        expect(reasonOf('abcd')).toBe(`sha256:abcd${'0'.repeat(60)}`);
        expect(reasonOf('abc')).toMatch(/^not-a-digest: abc is not a digest/);
        expect(reasonOf('sha256:abc0')).toMatch(/^unknown: no artifact or input with digest sha256:abc0/);
        expect(reasonOf('abc%')).toMatch(/^not-a-digest/);
        expect(reasonOf('sha256:ab')).toMatch(/^not-a-digest/);
        expect(reasonOf('ABCD')).toBe(`sha256:abcd${'0'.repeat(60)}`);
        store.recordArtifacts('r', [{ taskId: 'b', output: 'z', kind: 'file', digest: `sha256:abcd${'1'.repeat(60)}` }]);
        expect(reasonOf('abcd')).toBe('ambiguous: abcd matches 2 digests; give more digits');
    });
});

// The contract holds at the boundary of out-of-process steps too: under `process` and in real
// gVisor sandboxes, a step that writes a bad dataset record fails at that step, with the record
// and field named and nothing downstream run; a step given a declared dataset whose records do
// not fit never starts its worker.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanNode } from '../../src/contract/plan.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { datasetSchema, literal, plan, typedAs } from '../execution/plan-fixtures.js';
import { fixtureRoot } from './sandbox-fixtures.js';
import { failedOnce, runNodes, stepNode } from './sandbox-runs.js';

const reviews = typedAs('reviews', 'Dataset<Review>');
const kinds = ['gvisor', 'process'] as const;

function writer(id: string, count: number, bad: number): PlanNode {
    return { ...stepNode(id, 'writeReviews', { count, bad }, { retry: { attempts: literal(3), backoff: literal(1) } }), inputs: [typedAs('count', 'int'), typedAs('bad', 'int')], outputs: [reviews] };
}

describe('the step boundary of out-of-process executors', () => {
    it.each(kinds)('%s: a written dataset with a record missing a field fails its step at once, naming record and field', async kind => {
        const executor = createExecutor(kind, { cacheDir: mkdtempSync(path.join(tmpdir(), `weft-boundary-${kind}-`)), gracePeriodMs: 1000 });
        const counter: PlanNode = { ...stepNode('count', 'countReviews', {}), arguments: { reviews: { kind: 'output', node: 'write', output: 'reviews' } }, needs: ['write'], inputs: [reviews], outputs: [typedAs('count', 'int')] };
        const run = await runNodes([writer('write', 50, 49), counter], executor);
        const message = failedOnce(run, 'write');
        // The records were checked in the artifact store's copy (content-addressed), before anything downstream.
        expect(message).toMatch(/^write: output reviews \(.*\/artifacts\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.jsonl\) record 49 \(line 50\) field stars is nothing \(the field is missing\), expected a value$/);
        expect(run.store.tasks(run.runId).find(task => task.id === 'count')?.state).toBe('skipped');
    }, 180_000);

    it.each(kinds)('%s: a declared dataset whose records do not fit fails the step before its worker starts', async kind => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-boundary-root-'));
        mkdirSync(path.join(root, 'data'));
        writeFileSync(path.join(root, 'data', 'reviews.jsonl'), '{"text":"fine","stars":4}\n{"text":"bad","stars":"one"}\n');
        const executor = createExecutor(kind, { cacheDir: mkdtempSync(path.join(tmpdir(), `weft-boundary-${kind}-`)), gracePeriodMs: 1000 });
        const counter: PlanNode = {
            ...stepNode('count', 'countReviews', {}), arguments: { reviews: { kind: 'artifact', name: 'reviews' } }, inputs: [reviews], outputs: [typedAs('count', 'int')],
            call: { kind: 'step', step: 'countReviews', contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: path.relative(root, path.join(fixtureRoot, 'steps.ts')), export: 'countReviews' } },
        };
        const store = new SqliteRunStore();
        const workRoot = path.join(root, 'work');
        const result = await runPipeline(plan([counter], {
            artifacts: [{ name: 'reviews', kind: 'dataset', type: 'Dataset<Review>', schema: datasetSchema(reviews.schema['x-weft-records'] as never), source: { file: 'p.weft', line: 1 }, members: { uri: 'file:data/reviews.jsonl' } }],
        }), {}, { root, workRoot, store, executor });
        expect(result.failures).toEqual([{ step: 'countReviews', attempts: 1, kind: 'step', error: 'DatasetRecordError', message: `count: input reviews (${path.join(root, 'data', 'reviews.jsonl')}) record 1 (line 2) field stars is "one" (a string), expected an int` }]);
        // No worker ran: the attempt never got a work folder (the step's module is not even bundled).
        expect(store.attempts(result.runId, 'count')).toHaveLength(1);
        expect(existsSync(path.join(workRoot, result.runId))).toBe(false);
    }, 180_000);
});

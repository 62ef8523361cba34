// A step's contract is checked at run time by the engine, whatever the executor: a bad input or
// clause fails the task before its code runs, a bad output or dataset record fails it where it
// happens (not steps later), each without a retry and with the cause in the run store.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanArtifact, PlanClause, PlanSchema } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Dataset } from '../../src/handles/dataset.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { datasetSchema, literal, node, output, parameter, plan, stringSchema, workRoot } from './plan-fixtures.js';

const row: PlanSchema = { type: 'object', properties: { id: { type: 'integer' }, text: { type: 'string' } }, required: ['id', 'text'] };
const rows = datasetSchema(row);
const retried = { retry: { attempts: literal(3), backoff: literal(1) } };

describe('the contract at run time', () => {
    it('fails the step that writes a dataset record missing a field, at that step, naming record and field', async () => {
        const store = new SqliteRunStore();
        const ran: string[] = [];
        const pipeline = plan([
            node('load', { outputs: ['rows'], types: { rows }, settings: retried }),
            node('count', { arguments: { rows: output('load', 'rows') }, needs: ['load'], types: { rows } }),
        ]);
        const result = await runPipeline(pipeline, {}, {
            workRoot: workRoot(), store,
            mocks: {
                load: async (_inputs: unknown, ctx: { workDir: string }) => {
                    ran.push('load');
                    return { rows: await Dataset.write(path.join(ctx.workDir, 'rows.jsonl'), [{ id: 1, text: 'a' }, { id: 2, text: 'b' }, { id: 3 }]) };
                },
                count: async () => { ran.push('count'); return { value: 0 }; },
            },
        });
        expect(result.status).toBe('failed');
        expect(ran).toEqual(['load']);
        const [load, count] = store.tasks(result.runId);
        expect(load).toMatchObject({ id: 'load', state: 'failed', failedForGood: true });
        expect(load?.failure?.message).toMatch(/^load: output rows \(\/.*\/rows\.jsonl\) record 2 \(line 3\) field text is nothing \(the field is missing\), expected a value$/);
        expect(count).toMatchObject({ id: 'count', state: 'skipped' });
        const attempts = store.attempts(result.runId, 'load');
        expect(attempts).toHaveLength(1);
        expect(attempts[0]).toMatchObject({ status: 'failed', message: load?.failure?.message });
    });

    it('fails the step that reads a declared dataset whose records do not match, before its code runs', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-contract-'));
        mkdirSync(path.join(root, 'data'));
        writeFileSync(path.join(root, 'data', 'reviews.jsonl'), '{"id":1,"text":"fine"}\n{"id":"two","text":"bad"}\n');
        const reviews: PlanArtifact = { name: 'reviews', kind: 'dataset', type: 'Dataset<Row>', schema: rows, source: { file: 'p.weft', line: 2 }, members: { uri: 'file:data/reviews.jsonl' } };
        let ran = false;
        const store = new SqliteRunStore();
        const result = await runPipeline(plan([node('count', { arguments: { rows: { kind: 'artifact', name: 'reviews' } }, types: { rows }, settings: retried })], { artifacts: [reviews] }), {}, {
            root, workRoot: workRoot(), store, mocks: { count: async () => { ran = true; return { value: 2 }; } },
        });
        expect(result.status).toBe('failed');
        expect(ran).toBe(false);
        expect(result.failures).toEqual([{
            step: 'count', attempts: 1, kind: 'step', error: 'DatasetRecordError',
            message: `count: input rows (${path.join(root, 'data', 'reviews.jsonl')}) record 1 (line 2) field id is "two" (a string), expected an int`,
        }]);
        expect(store.attempts(result.runId, 'count')).toHaveLength(1);
    });

    it('evaluates the step\'s where clauses on its inputs: lr 1.5 fails train quoting the clause, lr 0.1 runs', async () => {
        const lrBelowOne: PlanClause = {
            expression: {
                kind: 'binary', operator: '&&',
                left: { kind: 'binary', operator: '<', left: literal(0), right: { kind: 'input', name: 'lr' } },
                right: { kind: 'binary', operator: '<', left: { kind: 'input', name: 'lr' }, right: literal(1) },
            },
            text: '0 < lr && lr < 1', source: { file: 'train.weft', line: 4 },
        };
        const seen: number[] = [];
        const pipeline = plan([node('train', {
            arguments: { lr: { kind: 'variable', name: 'lr' } }, types: { lr: { type: 'number' }, value: { type: 'number' } }, where: [lrBelowOne],
            forEach: { variable: 'lr', items: parameter('lrs') }, settings: retried,
        })], { parameters: [{ name: 'lrs', type: 'float[]', schema: { type: 'array', items: { type: 'number' } } }] });
        const result = await runPipeline(pipeline, { lrs: [0.1, 1.5] }, {
            workRoot: workRoot(), mocks: { train: async (inputs: { lr: number }) => { seen.push(inputs.lr); return { value: inputs.lr }; } },
        });
        expect(result.status).toBe('failed');
        expect(seen).toEqual([0.1]);
        expect(result.tasks.find(task => task.id === 'train[1]')).toMatchObject({ state: 'failed', attempts: 1 });
        expect(result.failures[0]?.message).toBe('train[1]: the inputs break `where 0 < lr && lr < 1` (train.weft:4): it is false for lr = 1.5; the step did not run');
    });

    it('fails a task whose input does not fit its parameter before its code runs, and says so in its cause', async () => {
        let ran = false;
        const store = new SqliteRunStore();
        const result = await runPipeline(plan([node('fit', { arguments: { n: parameter('n'), label: literal('x') }, types: { label: stringSchema } })], { parameters: [{ name: 'n', type: 'int', schema: {} }] }), { n: 'seven' }, {
            workRoot: workRoot(), store, mocks: { fit: async () => { ran = true; return { value: 1 }; } },
        });
        expect(ran).toBe(false);
        expect(result.failures[0]?.message).toBe('fit: input n is "seven" (a string), expected an int (declared as int); the step did not run');
        expect(store.tasks(result.runId)[0]?.failure?.message).toBe(result.failures[0]?.message);
    });
});

// Parameters are checked before anything runs: every value (given, default, from the library API)
// against its parameter's JSON Schema, then the pipeline's `where` clauses, quoting their text.
// The schemas are hand-built to the mapping in docs/plan.md ("Types").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanClause, PlanExpression, PlanParameter, PlanSchema } from '../../src/contract/plan.js';
import { bindParameters } from '../../src/plan/bind-parameters.js';
import { typePhrase } from '../../src/plan/parameter-check.js';
import {
    MissingParameterError, ParameterConstraintError, ParameterTypeError, UnknownParameterError,
} from '../../src/plan/parameter-errors.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Dataset } from '../../src/handles/dataset.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, parameter, plan } from '../execution/plan-fixtures.js';

const duration: PlanSchema = { type: 'number', minimum: 0, 'x-weft-unit': 'duration' };
const memory: PlanSchema = { type: 'integer', minimum: 0, 'x-weft-unit': 'memory' };
const dataset = (records: PlanSchema): PlanSchema => ({
    type: 'object', required: ['$weft', 'path'], properties: { $weft: { const: 'dataset' }, path: { type: 'string' } }, 'x-weft-records': records,
});
const row: PlanSchema = { type: 'object', properties: { text: { type: 'string' }, stars: { type: 'integer' } }, required: ['text', 'stars'] };

const typed = (name: string, type: string, schema: PlanSchema, defaultValue?: PlanExpression): PlanParameter =>
    ({ name, type, schema, ...(defaultValue ? { default: defaultValue } : {}) });

const parameters: PlanParameter[] = [
    typed('epochs', 'int', { type: 'integer' }),
    typed('lr', 'float', { type: 'number' }, literal(0.001)),
    typed('flag', 'bool', { type: 'boolean' }, literal(false)),
    typed('name', 'string', { type: 'string' }, literal('run')),
    typed('lrs', 'float[]', { type: 'array', items: { type: 'number' } }, { kind: 'list', elements: [literal(0.1)] }),
    typed('cfg', '{ depth: int, note?: string }', { type: 'object', properties: { depth: { type: 'integer' }, note: { type: 'string' } }, required: ['depth'] },
        { kind: 'record', fields: { depth: literal(2) } }),
    typed('mode', 'Mode', { $ref: '#/$defs/Mode', $defs: { Mode: { title: 'Mode', enum: ['fast', 'slow'] } } }, literal('fast')),
    typed('timeout', 'duration', duration, { kind: 'quantity', unit: 'duration', value: 30_000 }),
    typed('limit', 'memory', memory, { kind: 'quantity', unit: 'memory', value: 1024 }),
    typed('seed', 'int?', { anyOf: [{ type: 'integer' }, { type: 'null' }] }, literal(7)),
    typed('data', 'Dataset<Row>', dataset(row), { kind: 'artifact', name: 'reviews' }),
];

const source = { file: 'train.weft', line: 3 };
const clause = (text: string, expression: PlanExpression, line: number): PlanClause => ({ text, expression, source: { file: 'train.weft', line } });
const positive = clause('0 < epochs', { kind: 'binary', operator: '<', left: literal(0), right: parameter('epochs') }, 5);
const root = mkdtempSync(path.join(tmpdir(), 'weft-bind-'));
writeFileSync(path.join(root, 'reviews.jsonl'), '{"text":"good","stars":5}\n');

function trainPlan(extra: Partial<CompiledPlan> = {}): CompiledPlan {
    return plan([], {
        pipeline: 'train', source, parameters, where: [positive],
        artifacts: [{ name: 'reviews', kind: 'dataset', type: 'Dataset<Row>', schema: dataset(row), members: { uri: 'file:reviews.jsonl' }, source }],
        ...extra,
    });
}

/** The error `bindParameters` throws for these values (it must throw). */
function refusal(given: Record<string, unknown>, boundPlan = trainPlan()): Error {
    try {
        bindParameters(boundPlan, given, root);
    } catch (error) {
        return error as Error;
    }
    throw new Error(`bound ${JSON.stringify(given)} without complaint`);
}

describe('bindParameters', () => {
    it('binds given values and defaults that fit their types', () => {
        const bound = bindParameters(trainPlan(), { epochs: 3, lrs: [0.1, 0.5], cfg: { depth: 4, note: 'x', extra: true }, mode: 'slow', seed: null }, root);
        expect(bound).toMatchObject({ epochs: 3, lr: 0.001, flag: false, name: 'run', lrs: [0.1, 0.5], mode: 'slow', timeout: 30_000, limit: 1024, seed: null });
        expect(bound['data']).toBeInstanceOf(Dataset);
    });

    it.each([
        [{ epochs: 'seven' }, 'epochs is an int, and "seven" is not one'],
        [{ epochs: 2.5 }, 'epochs is an int, and 2.5 is not one'],
        [{ epochs: 3, lr: 'fast' }, 'lr is a float, and "fast" is not one'],
        [{ epochs: 3, flag: 'yes' }, 'flag is a bool, and "yes" is not one'],
        [{ epochs: 3, lrs: [0.1, 'x'] }, 'lrs[1] is a float, and "x" (a string) is not one'],
        [{ epochs: 3, lrs: 0.1 }, 'lrs is a list of float, and 0.1 is not one'],
        [{ epochs: 3, cfg: { depth: 'deep' } }, 'cfg.depth is an int, and "deep" (a string) is not one'],
        [{ epochs: 3, cfg: { note: 'x' } }, 'cfg.depth is missing (cfg is a record { depth: int, note?: string })'],
        [{ epochs: 3, mode: 'medium' }, 'mode is a Mode (one of "fast", "slow"), and "medium" is not one'],
        [{ epochs: 3, timeout: -5 }, 'timeout is a duration (30s, 5m, 2h or milliseconds), and -5 is not one'],
        [{ epochs: 3, limit: '8Gi' }, 'limit is a memory (512Mi, 8Gi or bytes), and "8Gi" is not one'],
        [{ epochs: 3, seed: 'x' }, 'seed is an int or null, and "x" is not one'],
        [{ epochs: 3, data: 'reviews.jsonl' }, 'data is a Dataset<Row>, and "reviews.jsonl" is not one'],
    ])('refuses %j with a ParameterTypeError: %s', (given, detail) => {
        const error = refusal(given);
        expect(error).toBeInstanceOf(ParameterTypeError);
        expect((error as ParameterTypeError).detail).toBe(detail);
        expect(error.message).toBe(`${detail} (pipeline train, train.weft:3)`);
    });

    it('checks defaults too, and says the value came from the default', () => {
        const broken = trainPlan({ parameters: [typed('epochs', 'int', { type: 'integer' }, literal('ten'))], where: [] });
        expect(refusal({}, broken).message).toBe('epochs is an int, and "ten" is not one (the value of its default) (pipeline train, train.weft:3)');
    });

    it('refuses unknown and missing parameters', () => {
        expect(refusal({ epochs: 1, size: 3 })).toBeInstanceOf(UnknownParameterError);
        const missing = refusal({});
        expect(missing).toBeInstanceOf(MissingParameterError);
        expect(missing.message).toBe('train needs the parameter epochs (an int), which has no default');
    });

    it('quotes a where clause the values break, with the values it reads and its source', () => {
        const error = refusal({ epochs: 0 });
        expect(error).toBeInstanceOf(ParameterConstraintError);
        expect(error.message).toBe('epochs = 0 breaks where 0 < epochs (pipeline train, train.weft:5)');
        expect((error as ParameterConstraintError).predicate).toBe('breaks where 0 < epochs (pipeline train, train.weft:5)');
        expect((error as ParameterConstraintError).values).toEqual({ epochs: 0 });
    });

    it('refuses a clause it cannot evaluate with a ParameterConstraintError, not a crash (a plan whose schemas accept anything)', () => {
        const untyped = trainPlan({ parameters: [typed('epochs', 'int', {})] });
        const error = refusal({ epochs: 'abc' }, untyped);
        expect(error).toBeInstanceOf(ParameterConstraintError);
        expect(error.message).toBe('epochs = "abc" cannot be checked against where 0 < epochs: `<` needs a number, found "abc" (a string) (pipeline train, train.weft:5)');
    });

    it('describes types as phrases for messages', () => {
        expect(typePhrase({ type: '"fast" | "slow"', schema: { enum: ['fast', 'slow'] } })).toBe('one of "fast", "slow"');
        expect(typePhrase({ type: 'Model<Tokens, Label>', schema: {} })).toBe('a Model<Tokens, Label>');
        expect(typePhrase({ type: 'Label?', schema: { anyOf: [{ $ref: '#/$defs/Label' }, { type: 'null' }] } })).toBe('a Label or null');
    });
});

describe('runPipeline with a bad parameter', () => {
    it('throws the same named error and records nothing', async () => {
        const store = new SqliteRunStore(':memory:');
        const run = runPipeline(trainPlan({ nodes: [node('a', { arguments: { n: parameter('epochs') } })] }), { epochs: 'seven' }, { root, store });
        await expect(run).rejects.toThrow(ParameterTypeError);
        await expect(run).rejects.toThrow('epochs is an int, and "seven" is not one (pipeline train, train.weft:3)');
        const broken = runPipeline(trainPlan(), { epochs: -1 }, { root, store });
        await expect(broken).rejects.toThrow(new ParameterConstraintError('train', positive, { epochs: -1 }));
        expect(store.runs()).toEqual([]);
        store.close();
    });
});

// The checks of a step's boundary, on hand-built schemas of the plan's mapping (docs/plan.md, "Types").
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../src/artifacts/artifact-store.js';
import { checkableForm } from '../../src/plan/checkable-form.js';
import { checkDatasetRecords } from '../../src/artifacts/dataset-records.js';
import { datasetRecordsMismatch, inputsMismatch, outputsMismatch } from '../../src/artifacts/step-boundary.js';
import type { PlanClause, PlanExpression, PlanSchema, PlanTyped } from '../../src/contract/plan.js';
import { DatasetRecordError, InputMismatchError, OutputMismatchError, WhereClauseError } from '../../src/artifacts/contract-errors.js';
import { Dataset } from '../../src/handles/dataset.js';
import { Tensor } from '../../src/handles/tensor.js';

const int: PlanSchema = { type: 'integer' };
const float: PlanSchema = { type: 'number' };
const typed = (name: string, type: string, schema: PlanSchema): PlanTyped => ({ name, type, schema });
const input = (name: string): PlanExpression => ({ kind: 'input', name });
const lit = (value: number): PlanExpression => ({ kind: 'literal', value });

/** `Tensor<f32, [dims…]>` as the generator writes it. */
function tensor(...dims: (number | string)[]): PlanSchema {
    return {
        type: 'object', required: ['$weft', 'dtype', 'shape'],
        properties: {
            $weft: { const: 'tensor' }, dtype: { const: 'f32' },
            shape: { type: 'array', prefixItems: dims.map(dim => (typeof dim === 'number' ? { const: dim } : { type: 'integer', minimum: 0 })), items: false, minItems: dims.length },
        },
        'x-weft-shape': dims,
    };
}
const f32 = (...shape: number[]) => new Tensor('f32', shape, new Float32Array(shape.reduce((a, b) => a * b, 1)));

/** `Dataset<Row>` with `Row = { id: int, label: "pos" | "neg", score?: float }` as an alias in `$defs`. */
const rows: PlanSchema = {
    type: 'object', required: ['$weft', 'path'],
    properties: { $weft: { const: 'dataset' }, path: { type: 'string' } },
    'x-weft-records': { $ref: '#/$defs/Row' },
    $defs: { Row: { title: 'Row', type: 'object', properties: { id: int, label: { enum: ['pos', 'neg'] }, score: float }, required: ['id', 'label'] } },
};

function folder(): string {
    return mkdtempSync(path.join(tmpdir(), 'weft-boundary-'));
}

function jsonl(dir: string, name: string, lines: readonly string[]): string {
    const file = path.join(dir, name);
    writeFileSync(file, lines.map(line => `${line}\n`).join(''));
    return file;
}

const good = (id: number) => JSON.stringify({ id, label: id % 2 === 0 ? 'pos' : 'neg', score: 0.5 });

describe('inputs before the step runs', () => {
    const train = {
        inputs: [typed('lr', 'float', float), typed('epochs', 'int', int), typed('tags', 'string[]', { type: 'array', items: { type: 'string' } })],
        where: [{
            expression: { kind: 'binary', operator: '&&', left: { kind: 'binary', operator: '<', left: lit(0), right: input('lr') }, right: { kind: 'binary', operator: '<', left: input('lr'), right: lit(1) } },
            text: '0 < lr && lr < 1', source: { file: 'p.weft', line: 3 },
        }] as PlanClause[],
    };

    it('accepts inputs that fit their types and clauses', () => {
        expect(inputsMismatch('train', train, { lr: 0.1, epochs: 3, tags: ['a'] })).toBeUndefined();
    });

    it('names the input, the place, expected and found', () => {
        const error = inputsMismatch('train', train, { lr: 0.1, epochs: 2.5, tags: ['a'] });
        expect(error).toBeInstanceOf(InputMismatchError);
        expect(error?.message).toBe('train: input epochs is 2.5 (a float), expected an int (declared as int); the step did not run');
        expect(inputsMismatch('train', train, { lr: 0.1, epochs: 2, tags: ['a', 3] })?.message)
            .toBe('train: input tags[1] is 3 (an int), expected a string (declared as string[]); the step did not run');
        expect(inputsMismatch('train', train, { lr: 0.1, epochs: 'seven', tags: [] })).toMatchObject({ task: 'train', subject: 'epochs', at: '', expected: 'an int', found: '"seven" (a string)' });
    });

    it('quotes the where clause that does not hold, with the values it names', () => {
        const error = inputsMismatch('train[1]', train, { lr: 1.5, epochs: 3, tags: [] });
        expect(error).toBeInstanceOf(WhereClauseError);
        expect(error?.message).toBe('train[1]: the inputs break `where 0 < lr && lr < 1` (p.weft:3): it is false for lr = 1.5; the step did not run');
        expect(error).toMatchObject({ retryable: false, subject: '0 < lr && lr < 1' });
    });

    it('checks a Map as the record its schema describes (Metrics)', () => {
        const metrics = { inputs: [typed('m', 'Metrics', { type: 'object', additionalProperties: float })], where: [] };
        expect(inputsMismatch('t', metrics, { m: new Map([['accuracy', 0.9]]) })).toBeUndefined();
        expect(inputsMismatch('t', metrics, { m: new Map<string, unknown>([['accuracy', 'high']]) })?.message)
            .toBe('t: input m.accuracy is "high" (a string), expected a float (declared as Metrics); the step did not run');
    });

    it('binds a dimension variable across inputs and lets clauses read it', () => {
        const step = {
            inputs: [typed('x', 'Tensor<f32, [n, 4]>', tensor('n', 4)), typed('y', 'Tensor<f32, [n]>', tensor('n'))],
            where: [{ expression: { kind: 'binary', operator: '>', left: { kind: 'dimension', name: 'n' }, right: lit(1) }, text: 'n > 1', source: { file: 'p.weft', line: 9 } }] as PlanClause[],
        };
        expect(inputsMismatch('t', step, { x: f32(3, 4), y: f32(3) })).toBeUndefined();
        expect(inputsMismatch('t', step, { x: f32(3, 4), y: f32(2) })?.message)
            .toBe('t: input y.shape[0] is 2, expected 3 (n, as in x.shape[0]) (declared as Tensor<f32, [n]>); the step did not run');
        expect(inputsMismatch('t', step, { x: f32(3, 5), y: f32(3) })?.message)
            .toBe('t: input x.shape[1] is 5 (an int), expected 4 (declared as Tensor<f32, [n, 4]>); the step did not run');
        expect(inputsMismatch('t', step, { x: f32(3), y: f32(3) })?.message)
            .toBe('t: input x.shape is a list of 1, expected at least 2 elements (declared as Tensor<f32, [n, 4]>); the step did not run');
        expect(inputsMismatch('t', step, { x: new Tensor('f64', [1, 4], new Float64Array(4)), y: f32(1) })?.message)
            .toBe('t: input x.dtype is "f64" (a string), expected "f32" (declared as Tensor<f32, [n, 4]>); the step did not run');
        expect(inputsMismatch('t', step, { x: f32(1, 4), y: f32(1) })?.message).toBe('t: the inputs break `where n > 1` (p.weft:9): it is false for n = 1; the step did not run');
    });

    it('checks a dimension that names a parameter and one written as arithmetic', () => {
        const step = { inputs: [typed('batch', 'int', int), typed('x', 'Tensor<f32, [batch, n, n * 2]>', tensor('batch', 'n', 'n * 2'))], where: [] };
        expect(inputsMismatch('t', step, { batch: 2, x: f32(2, 3, 6) })).toBeUndefined();
        expect(inputsMismatch('t', step, { batch: 4, x: f32(2, 3, 6) })?.message).toContain('input x.shape[0] is 2, expected 4 (batch, as in input batch)');
        expect(inputsMismatch('t', step, { batch: 2, x: f32(2, 3, 5) })?.message).toContain('input x.shape[2] is 5, expected 6 (n * 2)');
    });
});

describe('outputs before they are stored', () => {
    const declared = [typed('count', 'int', int), typed('info', '{ uid: string, note?: string }', { type: 'object', properties: { uid: { type: 'string' }, note: { type: 'string' } }, required: ['uid'] })];

    it('accepts outputs of the declared types, extra record fields and a left-out optional output', () => {
        expect(outputsMismatch('s', declared, { count: 1, info: { uid: 'u', extra: true } })).toBeUndefined();
        expect(outputsMismatch('s', [typed('best', 'int?', { anyOf: [int, { type: 'null' }] })], {})).toBeUndefined();
    });

    it('refuses an undeclared output, a missing one and one of another type, each as OutputMismatchError', () => {
        const undeclared = outputsMismatch('s', declared, { count: 1, info: { uid: 'u' }, smuggled: 1 });
        expect(undeclared).toBeInstanceOf(OutputMismatchError);
        expect(undeclared?.message).toBe('s returned outputs that do not match its step: smuggled is not an output the step declares (it declares count, info)');
        expect(outputsMismatch('s', declared, { count: 1 })?.message).toBe('s returned outputs that do not match its step: info is missing (declared as { uid: string, note?: string })');
        expect(outputsMismatch('s', declared, { count: 1, info: { uid: 7 } })?.message)
            .toBe('s returned outputs that do not match its step: info.uid is 7 (an int), expected a string (declared as { uid: string, note?: string })');
        expect(outputsMismatch('s', declared, { count: 1, info: {} })?.message)
            .toBe('s returned outputs that do not match its step: info.uid is nothing (the field is missing), expected a value (declared as { uid: string, note?: string })');
    });

    it('holds a dimension variable to the value the inputs gave it', () => {
        const inputs = { types: [typed('x', 'Tensor<f32, [n]>', tensor('n'))], values: { x: f32(5) } };
        const outputs = [typed('y', 'Tensor<f32, [n, 2]>', tensor('n', 2))];
        expect(outputsMismatch('t', outputs, { y: f32(5, 2) }, inputs)).toBeUndefined();
        expect(outputsMismatch('t', outputs, { y: f32(4, 2) }, inputs)?.message)
            .toBe('t returned outputs that do not match its step: y.shape[0] is 4, expected 5 (n, as in x.shape[0]) (declared as Tensor<f32, [n, 2]>)');
    });

    it('checks a tensor by its dtype and shape without encoding its data', () => {
        const big = new Tensor('f32', [4096, 4096], new Float32Array(4096 * 4096));
        expect(checkableForm(big)).toEqual({ $weft: 'tensor', dtype: 'f32', shape: [4096, 4096] });
        expect(outputsMismatch('t', [typed('w', 'Tensor<f32, [4096, n]>', tensor(4096, 'n'))], { w: big })).toBeUndefined();
    });
});

describe('the records of a dataset', () => {
    const dir = folder();
    const check = (lines: readonly string[], name = `d${Math.random().toString(36).slice(2)}.jsonl`) =>
        datasetRecordsMismatch('t', 'input', [typed('reviews', 'Dataset<Row>', rows)], { reviews: new Dataset(jsonl(dir, name, lines)) }, dir);

    it('accepts matching records, blank lines and an empty dataset', async () => {
        expect(await check([good(0), '', good(1), good(2)])).toBeUndefined();
        expect(await check([])).toBeUndefined();
    });

    it('names the record, its line and field at the start, the middle and the end', async () => {
        const lines = Array.from({ length: 1000 }, (_, index) => good(index));
        const bad = JSON.stringify({ id: 1, score: 0.5 });
        const atStart = await check([bad, ...lines.slice(1)], 'start.jsonl');
        expect(atStart).toBeInstanceOf(DatasetRecordError);
        expect(atStart?.message).toBe(`t: input reviews (${path.join(dir, 'start.jsonl')}) record 0 (line 1) field label is nothing (the field is missing), expected a value`);
        const middle = [...lines.slice(0, 500), '', ...lines.slice(500)];
        middle[700] = JSON.stringify({ id: 'seven', label: 'pos' });
        expect(await check(middle, 'middle.jsonl')).toMatchObject({ record: 699, line: 701, at: '.id', expected: 'an int', found: '"seven" (a string)', dataset: 'input reviews' });
        const atEnd = [...lines.slice(0, 999), JSON.stringify({ id: 999, label: 'maybe' })];
        expect((await check(atEnd, 'end.jsonl'))?.message)
            .toBe(`t: input reviews (${path.join(dir, 'end.jsonl')}) record 999 (line 1000) field label is "maybe" (a string), expected one of "pos", "neg"`);
    });

    it('reports a dataset file that cannot be read', async () => {
        const missing = path.join(dir, 'missing.jsonl');
        expect((await datasetRecordsMismatch('t', 'input', [typed('reviews', 'Dataset<Row>', rows)], { reviews: new Dataset(missing) }, dir))?.message)
            .toBe(`t: input reviews (${missing}) is a file that cannot be read (ENOENT: no such file or directory, stat '${missing}'), expected a readable JSON Lines file`);
    });

    it('reports a line that is not JSON, and a record that is not a record', async () => {
        expect((await check([good(0), '{"id": 1, "label": "pos"', good(2)], 'broken.jsonl'))?.message)
            .toBe(`t: input reviews (${path.join(dir, 'broken.jsonl')}) record 1 (line 2) is "{\\"id\\": 1, \\"label\\": \\"pos\\"" (a string), which is not JSON, expected a JSON record`);
        expect(await check(['[1, 2]'])).toMatchObject({ record: 0, at: '', expected: 'a record', found: 'a list of 2' });
    });

    it('finds datasets inside lists and records, and says output for what a step wrote', async () => {
        const schema: PlanSchema = { type: 'object', properties: { parts: { type: 'array', items: rows } }, required: ['parts'] };
        const file = jsonl(dir, 'part.jsonl', [good(0), '{"id":1}']);
        const error = await datasetRecordsMismatch('t', 'output', [typed('split', '{ parts: Dataset<Row>[] }', schema)], { split: { parts: [new Dataset(jsonl(dir, 'ok.jsonl', [good(0)])), new Dataset(file)] } }, dir);
        expect(error?.message).toBe(`t: output split.parts[1] (${file}) record 1 (line 2) field label is nothing (the field is missing), expected a value`);
    });

    it('shares one pass between tasks that check one file at once, and checks a file again once it changes', async () => {
        const file = jsonl(dir, 'shared.jsonl', [good(0), '{"id":1}']);
        const records = rows['x-weft-records'] as PlanSchema;
        const [first, second] = await Promise.all([checkDatasetRecords(file, rows, records), checkDatasetRecords(file, rows, records)]);
        expect(first).toMatchObject({ record: 1, at: '.label' });
        expect(second).toBe(first);
        writeFileSync(file, `${good(0)}\n${good(1)}\n`);
        expect(await checkDatasetRecords(file, rows, records)).toBeUndefined();
    });

    it('does not check the same content against the same schema twice: an artifact store remembers it across runs', async () => {
        const store = new ArtifactStore(path.join(folder(), 'artifacts'));
        const source = jsonl(dir, 'source.jsonl', [good(0), good(1)]);
        const stored = await store.putFile(source);
        expect(await checkDatasetRecords(stored.path, rows, rows['x-weft-records'] as PlanSchema)).toBeUndefined();
        const markers = path.join(store.dir, 'checked');
        const [marker] = (await import('node:fs')).readdirSync(markers);
        expect(marker).toMatch(new RegExp(`^${stored.digest.slice(7)}-[0-9a-f]{32}$`));
        // Another store's copy of bad content carrying that marker is taken as checked: the marker, not the bytes, is read.
        const other = path.join(folder(), 'artifacts');
        const badCopy = path.join(other, 'sha256', stored.digest.slice(7, 9), `${stored.digest.slice(7)}.jsonl`);
        mkdirSync(path.dirname(badCopy), { recursive: true });
        writeFileSync(badCopy, '{"id":"not checked"}\n');
        expect(await checkDatasetRecords(badCopy, rows, rows['x-weft-records'] as PlanSchema)).toMatchObject({ record: 0 });
        mkdirSync(path.join(other, 'checked'));
        writeFileSync(path.join(other, 'checked', marker!), '');
        const again = path.join(other, 'sha256', stored.digest.slice(7, 9), `${stored.digest.slice(7)}.jsonl`);
        writeFileSync(again, '{"id":"still not checked"}\n');
        expect(await checkDatasetRecords(again, rows, rows['x-weft-records'] as PlanSchema)).toBeUndefined();
        // Against another schema the same content is checked anew.
        const strict = { ...rows, 'x-weft-records': { type: 'object', properties: { missing: int }, required: ['missing'] } };
        expect(await checkDatasetRecords(stored.path, strict, strict['x-weft-records'] as PlanSchema)).toMatchObject({ record: 0, at: '.missing' });
    });
});

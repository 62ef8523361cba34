// `--param name=value` read by the parameter's declared type and checked before a run exists,
// on a hand-built plan whose schemas follow docs/plan.md ("Types"). weft-run-parameters.test.ts
// does the same through the built CLI.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompiledPlan, Dataset, File, Model, type PlanParameter, type PlanSchema } from '@weft/runtime';
import { WeftError } from '@weft/contract/errors';
import { checkedParameters, parseParameters } from '../../../src/commands/run/run-parameters.js';

const handle = (kind: string, extra: PlanSchema = {}): PlanSchema => ({
    type: 'object', required: ['$weft', 'path'], properties: { $weft: { const: kind }, path: { type: 'string' } }, ...extra,
});
const row: PlanSchema = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const typed = (name: string, type: string, schema: PlanSchema): PlanParameter => ({ name, type, schema, default: { kind: 'literal', value: 0 } });
const required = (name: string, type: string, schema: PlanSchema): PlanParameter => ({ name, type, schema });

const source = { file: 'train.weft', line: 2 };
const plan: CompiledPlan = {
    planVersion: 3, pipeline: 'train', source, outputs: [], nodes: [], targets: [],
    parameters: [
        required('epochs', 'int', { type: 'integer' }),
        typed('lr', 'float', { type: 'number' }),
        { ...typed('flag', 'bool', { type: 'boolean' }), default: { kind: 'literal', value: false } },
        { ...typed('note', 'string', { type: 'string' }), default: { kind: 'literal', value: '' } },
        { ...typed('lrs', 'float[]', { type: 'array', items: { type: 'number' } }), default: { kind: 'list', elements: [] } },
        { ...typed('cfg', 'Config', { $ref: '#/$defs/Config', $defs: { Config: { title: 'Config', type: 'object', properties: { depth: { type: 'integer' }, wait: { type: 'number', minimum: 0, 'x-weft-unit': 'duration' } }, required: ['depth'] } } }), default: { kind: 'record', fields: { depth: { kind: 'literal', value: 1 } } } },
        { ...typed('mode', '"fast" | "slow"', { enum: ['fast', 'slow'] }), default: { kind: 'literal', value: 'fast' } },
        typed('timeout', 'duration', { type: 'number', minimum: 0, 'x-weft-unit': 'duration' }),
        typed('limit', 'memory', { type: 'integer', minimum: 0, 'x-weft-unit': 'memory' }),
        typed('seed', 'int?', { anyOf: [{ type: 'integer' }, { type: 'null' }] }),
        { ...typed('data', 'Dataset<Row>', handle('dataset', { 'x-weft-records': row })), default: { kind: 'artifact', name: 'reviews' } },
        { ...typed('model', 'Model<Row, string>', handle('model', { 'x-weft-model': { input: row, output: { type: 'string' } } })), default: { kind: 'artifact', name: 'base' } },
        { ...required('vocab', 'File', handle('file')) },
        { ...typed('shape', 'Tensor<f32, [2]>', { type: 'object', required: ['$weft'], properties: { $weft: { const: 'tensor' } } }), default: { kind: 'literal', value: 0 } },
    ],
    where: [{ text: '0 < epochs', expression: { kind: 'binary', operator: '<', left: { kind: 'literal', value: 0 }, right: { kind: 'parameter', name: 'epochs' } }, source: { file: 'train.weft', line: 12 } }],
    artifacts: [
        { name: 'reviews', kind: 'dataset', type: 'Dataset<Row>', schema: handle('dataset'), members: { uri: 'file:data/reviews.jsonl' }, source },
        { name: 'base', kind: 'model', type: 'Model<Row, string>', schema: handle('model'), members: { uri: 'file:data/base.json' }, source },
    ],
};
// Schemas that are not checked here are left out of the checks' way: the tensor's default is 0, so bind only what a test gives.
const checkable: CompiledPlan = { ...plan, parameters: plan.parameters.filter(parameter => parameter.name !== 'shape') };

const cwd = mkdtempSync(path.join(tmpdir(), 'weft-params-'));
mkdirSync(path.join(cwd, 'data'));
mkdirSync(path.join(cwd, 'folder'));
for (const file of ['data/reviews.jsonl', 'data/base.json', 'vocab.txt', 'other.jsonl']) writeFileSync(path.join(cwd, file), '{"text":"a"}\n');

const parse = (...pairs: string[]) => parseParameters(plan, pairs, cwd, cwd);
/** The message of the usage error `--param` pairs give (parsed and checked as `weft run` does). */
function refusal(...pairs: string[]): string {
    try {
        const vocab = pairs.some(pair => pair.startsWith('vocab=')) ? [] : ['vocab=vocab.txt'];
        checkedParameters(checkable, [...vocab, ...pairs], cwd, cwd);
    } catch (error) {
        expect(error).toBeInstanceOf(WeftError);
        expect((error as WeftError).fault).toBe('user');
        return (error as Error).message;
    }
    throw new Error(`${pairs.join(' ')} was accepted`);
}

describe('--param values read by their declared type', () => {
    it('reads each kind of value', () => {
        expect(parse('epochs=3', 'lr=3e-4', 'flag=true', 'note=3', 'lrs=[0.1,1.5]', 'mode=slow', 'seed=null')).toEqual({
            epochs: 3, lr: 0.0003, flag: true, note: '3', lrs: [0.1, 1.5], mode: 'slow', seed: null,
        });
        expect(parse('timeout=30s', 'limit=512Mi', 'seed=7')).toEqual({ timeout: 30_000, limit: 512 * 1024 ** 2, seed: 7 });
        expect(parse('timeout=2h', 'limit=8Gi')).toEqual({ timeout: 7_200_000, limit: 8 * 1024 ** 3 });
        expect(parse('timeout=1500', 'limit=1_000')).toEqual({ timeout: 1500, limit: 1000 });
        expect(parse('cfg={"depth":2,"wait":"5m","extra":"kept"}')).toEqual({ cfg: { depth: 2, wait: 300_000, extra: 'kept' } });
    });

    it('takes a dataset or model by path (relative to the working directory) or by the name of a plan artifact', () => {
        const values = parse('data=other.jsonl', 'model=base', 'vocab=vocab.txt');
        expect(values['data']).toEqual(new Dataset(path.join(cwd, 'other.jsonl')));
        expect(values['model']).toEqual(new Model(path.join(cwd, 'data', 'base.json')));
        expect(values['vocab']).toEqual(new File(path.join(cwd, 'vocab.txt')));
        expect(parse('data=reviews')['data']).toEqual(new Dataset(path.join(cwd, 'data', 'reviews.jsonl')));
    });

    it.each([
        [['epochs=seven'], '--param epochs=seven: epochs is an int, and "seven" is not one'],
        [['epochs=2.5'], '--param epochs=2.5: epochs is an int, and 2.5 is not one'],
        [['epochs=3', 'lr=fast'], '--param lr=fast: lr is a float, and "fast" is not one'],
        [['epochs=3', 'flag=yes'], '--param flag=yes: flag is a bool, and "yes" is not one'],
        [['epochs=3', 'lrs=[0.1,"x"]'], '--param lrs=[0.1,"x"]: lrs[1] is a float, and "x" (a string) is not one'],
        [['epochs=3', 'lrs=[0.1,'], '--param lrs=[0.1,: lrs is a list of float, written in JSON, and [0.1, is not JSON'],
        [['epochs=3', 'cfg={"depth":"deep"}'], '--param cfg={"depth":"deep"}: cfg.depth is an int, and "deep" (a string) is not one'],
        [['epochs=3', 'cfg={}'], '--param cfg={}: cfg.depth is missing (cfg is a Config)'],
        [['epochs=3', 'mode=medium'], '--param mode=medium: mode is one of "fast", "slow", and "medium" is not one'],
        [['epochs=3', 'timeout=soon'], '--param timeout=soon: timeout is a duration (30s, 5m, 2h or milliseconds), and "soon" is not one'],
        [['epochs=3', 'timeout=4Gi'], '--param timeout=4Gi: timeout is a duration (30s, 5m, 2h or milliseconds), and "4Gi" is not one'],
        [['epochs=3', 'limit=lots'], '--param limit=lots: limit is a memory (512Mi, 8Gi or bytes), and "lots" is not one'],
        [['epochs=3', 'seed=none'], '--param seed=none: seed is an int or null, and "none" is not one'],
        [['epochs=3', 'data=missing.jsonl'], '--param data=missing.jsonl: data is a Dataset<Row>, and there is no file missing.jsonl (nor a dataset of that name in the plan)'],
        [['epochs=3', 'data=folder'], '--param data=folder: data is a Dataset<Row>, and folder is a folder; give a file'],
        [['epochs=3', 'data=base'], '--param data=base: data is a Dataset<Row>, and base is a model of the plan, not a dataset'],
        [['epochs=3', 'model=missing.bin'], '--param model=missing.bin: model is a Model<Row, string>, and there is no file missing.bin (nor a model of that name in the plan)'],
        [['epochs=3', 'vocab=missing.txt'], '--param vocab=missing.txt: vocab is a File, and there is no file missing.txt'],
        [['epochs=0'], '--param epochs=0 breaks where 0 < epochs (pipeline train, train.weft:12)'],
        [['size=3'], 'train has no parameter size; its parameters are: epochs, lr, flag, note, lrs, cfg, mode, timeout, limit, seed, data, model, vocab'],
        [['epochs'], '--param epochs: expected name=value'],
        [['=3'], '--param =3: expected name=value'],
        [['epochs=1', 'epochs=2'], '--param epochs=2: epochs is given twice (also --param epochs=1)'],
        [[], 'train needs the parameter epochs (an int), which has no default; give it with --param epochs=…'],
    ])('refuses %j: %s', (pairs, message) => {
        expect(refusal(...pairs)).toBe(message);
    });

    it('never refuses a string', () => {
        expect(parse('note=[not json')).toEqual({ note: '[not json' });
        expect(parse('note=')).toEqual({ note: '' });
        expect(checkedParameters(checkable, ['epochs=1', 'vocab=vocab.txt', 'note=42'], cwd, cwd)).toMatchObject({ note: '42' });
    });

    it('refuses a tensor, which --param cannot give', () => {
        expect(() => parse('shape=[1,2]')).toThrow('--param shape=[1,2]: shape is a Tensor<f32, [2]>, which --param cannot give: a tensor comes from a step or a default');
    });
});

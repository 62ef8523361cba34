// The JSON Schema of each Weft type, exactly as docs/plan.md ("Types") maps it, and what it
// accepts and refuses under ajv as the runtime runs it (Ajv2020, strict, x-weft-* as annotations).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanSchema, PlanTyped } from '@weft/contract';
import { jsonSchemaOf } from '../../src/generation/json-schema.js';
import type { StepDeclaration } from '../../src/generated/ast.js';
import type { Type } from '../../src/typing/model.js';
import { createTypingServices, declaration, errorsOf, parseWeft, typeOf } from '../typing/typing-helper.js';
import { examplesFolder, exampleNames, generateFolder } from './generation-helper.js';

const services = createTypingServices();

function strictAjv(): Ajv2020 {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    for (const keyword of ['x-weft-records', 'x-weft-model', 'x-weft-shape', 'x-weft-unit', 'x-weft-type']) ajv.addKeyword({ keyword });
    return ajv;
}

/** The type of `x: <type>` in a step beside `declarations`; `n` is a dimension variable, `rows` an int parameter. */
async function parameterType(type: string, declarations = ''): Promise<Type> {
    const document = await parseWeft(services, `${declarations}
step s<n>(rows: int, shape: Tensor<f32, [n]>, x: ${type}) -> (o: int) { run: "./s.ts#s" }
`);
    expect(errorsOf(document)).toEqual([]);
    const step = declaration(document, 's') as StepDeclaration;
    return typeOf(services, step.parameters[2]);
}

const handle = (kind: string) => ({ type: 'object', required: ['$weft', 'path'], properties: { $weft: { const: kind }, path: { type: 'string' } } });
const tensor = (dtype: string, shape: object, annotation?: unknown[]) => ({
    type: 'object',
    required: ['$weft', 'dtype', 'shape'],
    properties: { $weft: { const: 'tensor' }, dtype: { const: dtype }, shape },
    ...(annotation === undefined ? {} : { 'x-weft-shape': annotation }),
});
const size = { type: 'integer', minimum: 0 };
const tuple = (...items: object[]) => ({ type: 'array', prefixItems: items, items: false, minItems: items.length });
const tensorValue = (dtype: string, shape: number[]) => ({ $weft: 'tensor', dtype, shape, base64: '' });
const labelDeclaration = 'type Label = "pos" | "neg"';

interface Case {
    readonly form: string;
    readonly type: string;
    readonly declarations?: string;
    readonly schema: object;
    readonly accepts: readonly unknown[];
    readonly refuses: readonly unknown[];
}

const cases: readonly Case[] = [
    { form: 'string', type: 'string', schema: { type: 'string' }, accepts: ['', 'pos'], refuses: [1, null, ['a']] },
    { form: 'int', type: 'int', schema: { type: 'integer' }, accepts: [0, -3, 2 ** 40], refuses: [2.5, '3', true] },
    { form: 'float', type: 'float', schema: { type: 'number' }, accepts: [0.5, 3], refuses: ['0.5', false, null] },
    { form: 'bool', type: 'bool', schema: { type: 'boolean' }, accepts: [true, false], refuses: ['true', 1] },
    {
        form: 'duration (milliseconds)', type: 'duration', schema: { type: 'number', minimum: 0, 'x-weft-unit': 'duration' },
        accepts: [0, 30_000, 0.5], refuses: [-1, '30s'],
    },
    {
        form: 'memory (bytes)', type: 'memory', schema: { type: 'integer', minimum: 0, 'x-weft-unit': 'memory' },
        accepts: [0, 536_870_912], refuses: [1.5, -1, '512Mi'],
    },
    {
        form: 'bytes', type: 'bytes',
        schema: { type: 'object', required: ['$weft', 'base64'], properties: { $weft: { const: 'bytes' }, base64: { type: 'string' } } },
        accepts: [{ $weft: 'bytes', base64: 'aGk=' }], refuses: ['aGk=', { $weft: 'file', path: 'a' }, { $weft: 'bytes' }],
    },
    { form: 'string literal', type: '"pos"', schema: { const: 'pos' }, accepts: ['pos'], refuses: ['neg', 1] },
    { form: 'int literal', type: '3', schema: { const: 3 }, accepts: [3], refuses: [4, '3'] },
    { form: 'bool literal', type: 'true', schema: { const: true }, accepts: [true], refuses: [false] },
    { form: 'union of literals', type: '"pos" | "neg" | 0', schema: { enum: ['pos', 'neg', 0] }, accepts: ['neg', 0], refuses: ['neutral', 1, null] },
    {
        form: 'mixed union', type: 'int | string | "auto"',
        schema: { anyOf: [{ type: 'integer' }, { type: 'string' }, { const: 'auto' }] }, accepts: [1, 'x', 'auto'], refuses: [true, 1.5, null],
    },
    { form: 'optional', type: 'int?', schema: { anyOf: [{ type: 'integer' }, { type: 'null' }] }, accepts: [null, 3], refuses: ['3', 1.5] },
    {
        form: 'optional union of literals', type: '("a" | "b")?',
        schema: { anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] }, accepts: ['a', null], refuses: ['c'],
    },
    { form: 'list', type: 'float[]', schema: { type: 'array', items: { type: 'number' } }, accepts: [[], [1, 2.5]], refuses: [[1, '2'], {}, 1] },
    {
        form: 'list of lists', type: 'int[][]', schema: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
        accepts: [[[1], []]], refuses: [[1]],
    },
    {
        form: 'record with optional fields', type: '{ a: int, b?: string, c: bool? }',
        schema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' }, c: { anyOf: [{ type: 'boolean' }, { type: 'null' }] } }, required: ['a', 'c'] },
        accepts: [{ a: 1, c: null }, { a: 1, b: 'x', c: true }, { a: 1, c: false, extra: [1] }],
        refuses: [{ a: 1 }, { b: 'x', c: null }, { a: 1, b: 2, c: null }, { a: 1.5, c: null }, [1]],
    },
    { form: 'record with only optional fields', type: '{ a?: int }', schema: { type: 'object', properties: { a: { type: 'integer' } } }, accepts: [{}, { a: 1 }], refuses: [{ a: 'x' }] },
    {
        form: 'Map', type: 'Map<string, int[]>', schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'integer' } } },
        accepts: [{}, { x: [1] }], refuses: [{ x: 1 }, [], 'x'],
    },
    {
        form: 'Metrics', type: 'Metrics', schema: { type: 'object', additionalProperties: { type: 'number' } },
        accepts: [{ accuracy: 0.93, loss: 1 }], refuses: [{ accuracy: 'high' }, null],
    },
    {
        form: 'Dataset', type: 'Dataset<{ text: string }>',
        schema: { ...handle('dataset'), 'x-weft-records': { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
        accepts: [{ $weft: 'dataset', path: 'data/a.jsonl' }], refuses: [{ $weft: 'model', path: 'a' }, { $weft: 'dataset' }, 'data/a.jsonl'],
    },
    {
        form: 'Model', type: 'Model<string, float[]>',
        schema: { ...handle('model'), 'x-weft-model': { input: { type: 'string' }, output: { type: 'array', items: { type: 'number' } } } },
        accepts: [{ $weft: 'model', path: 'm' }], refuses: [{ $weft: 'dataset', path: 'm' }, { $weft: 'model', path: 3 }],
    },
    { form: 'File', type: 'File', schema: handle('file'), accepts: [{ $weft: 'file', path: 'a.txt' }], refuses: [{ $weft: 'dataset', path: 'a' }, 'a.txt'] },
    {
        form: 'Artifact', type: 'Artifact',
        schema: { type: 'object', required: ['$weft'], properties: { $weft: { enum: ['dataset', 'model', 'file', 'tensor'] } } },
        accepts: [{ $weft: 'dataset', path: 'a' }, { $weft: 'model', path: 'a' }, { $weft: 'file', path: 'a' }, tensorValue('f32', [1])],
        refuses: [{ $weft: 'map', entries: [] }, { $weft: 'bytes', base64: '' }, {}, 'a'],
    },
    {
        form: 'Tensor with a literal and a variable dimension', type: 'Tensor<f32, [64, n]>',
        schema: tensor('f32', tuple({ const: 64 }, size), [64, 'n']),
        accepts: [tensorValue('f32', [64, 3]), tensorValue('f32', [64, 0])],
        refuses: [tensorValue('f32', [63, 3]), tensorValue('f32', [64]), tensorValue('f32', [64, 3, 1]), tensorValue('f64', [64, 3]), tensorValue('f32', [64, -1]), tensorValue('f32', [64, 1.5])],
    },
    {
        form: 'Tensor with `_` and an int parameter as dimensions', type: 'Tensor<i32, [_, rows]>',
        schema: tensor('i32', tuple(size, size), ['_', 'rows']), accepts: [tensorValue('i32', [7, 2])], refuses: [tensorValue('i32', [7]), tensorValue('f32', [7, 2])],
    },
    {
        form: 'Tensor with expression dimensions', type: 'Tensor<u8, [n * 2 + 1, 2 * 3]>',
        schema: tensor('u8', tuple(size, { const: 6 }), ['n * 2 + 1', 6]), accepts: [tensorValue('u8', [5, 6])], refuses: [tensorValue('u8', [5, 5])],
    },
    {
        form: 'Tensor of any shape', type: 'Tensor<bool, _>', schema: tensor('bool', { type: 'array', items: size }),
        accepts: [tensorValue('bool', []), tensorValue('bool', [2, 3, 4])], refuses: [tensorValue('bool', [-1]), tensorValue('f32', [1])],
    },
    {
        form: 'Tensor of rank 0', type: 'Tensor<f64, []>', schema: tensor('f64', { type: 'array', maxItems: 0 }, []),
        accepts: [tensorValue('f64', [])], refuses: [tensorValue('f64', [1])],
    },
    {
        form: 'alias', type: 'Label', declarations: labelDeclaration,
        schema: { $ref: '#/$defs/Label', $defs: { Label: { title: 'Label', enum: ['pos', 'neg'] } } },
        accepts: ['pos'], refuses: ['neutral'],
    },
    {
        form: 'generic alias with arguments', type: 'Pair<string, int>', declarations: 'type Pair<A, B> = { first: A, second: B }',
        schema: {
            $ref: '#/$defs/Pair%3Cstring,%20int%3E',
            $defs: { 'Pair<string, int>': { title: 'Pair<string, int>', type: 'object', properties: { first: { type: 'string' }, second: { type: 'integer' } }, required: ['first', 'second'] } },
        },
        accepts: [{ first: 'a', second: 1 }], refuses: [{ first: 1, second: 'a' }],
    },
    {
        form: 'generic alias with a dimension', type: 'Embedding<64>[]', declarations: 'type Embedding<N> = Tensor<f32, [N]>',
        schema: {
            type: 'array',
            items: { $ref: '#/$defs/Embedding%3C64%3E' },
            $defs: { 'Embedding<64>': { title: 'Embedding<64>', ...tensor('f32', tuple({ const: 64 }), [64]) } },
        },
        accepts: [[tensorValue('f32', [64])]], refuses: [[tensorValue('f32', [32])]],
    },
    {
        form: 'recursive alias', type: 'Tree', declarations: 'type Tree = { value: int, children: Tree[] }',
        schema: {
            $ref: '#/$defs/Tree',
            $defs: { Tree: { title: 'Tree', type: 'object', properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/Tree' } } }, required: ['value', 'children'] } },
        },
        accepts: [{ value: 1, children: [] }, { value: 1, children: [{ value: 2, children: [{ value: 3, children: [] }] }] }],
        refuses: [{ value: 1, children: [{ value: 2 }] }, { value: 1, children: [{ value: 2, children: [{ value: 'x', children: [] }] }] }],
    },
    {
        form: 'generic alias that refers to itself (any value there)', type: 'List<int>', declarations: 'type List<T> = { head: T, tail: List<T>? }',
        schema: {
            $ref: '#/$defs/List%3Cint%3E',
            $defs: { 'List<int>': { title: 'List<int>', type: 'object', properties: { head: { type: 'integer' }, tail: {} }, required: ['head', 'tail'] } },
        },
        accepts: [{ head: 1, tail: null }, { head: 1, tail: { head: 'x' } }], refuses: [{ head: 'x', tail: null }, { head: 1 }],
    },
    {
        form: 'aliases defined through each other', type: 'A', declarations: 'type A = { b: B? }\ntype B = { a: A[] }',
        schema: {
            $ref: '#/$defs/A',
            $defs: {
                A: { title: 'A', type: 'object', properties: { b: { anyOf: [{ $ref: '#/$defs/B' }, { type: 'null' }] } }, required: ['b'] },
                B: { title: 'B', type: 'object', properties: { a: { type: 'array', items: { $ref: '#/$defs/A' } } }, required: ['a'] },
            },
        },
        accepts: [{ b: null }, { b: { a: [{ b: null }] } }], refuses: [{ b: { a: [{}] } }, { b: { a: null } }],
    },
    {
        form: 'aliases defined through each other, the second one', type: 'B[]', declarations: 'type A = { b: B? }\ntype B = { a: A[] }\ntype C = A',
        schema: {
            type: 'array',
            items: { $ref: '#/$defs/B' },
            $defs: {
                A: { title: 'A', type: 'object', properties: { b: { anyOf: [{ $ref: '#/$defs/B' }, { type: 'null' }] } }, required: ['b'] },
                B: { title: 'B', type: 'object', properties: { a: { type: 'array', items: { $ref: '#/$defs/A' } } }, required: ['a'] },
            },
        },
        accepts: [[{ a: [] }, { a: [{ b: { a: [] } }] }]], refuses: [[{ a: [{ b: { a: [{ b: 1 }] } }] }]],
    },
    {
        form: 'aliases defined through each other in a union', type: '{ first: A, second: B }', declarations: 'type A = { x: B | int }\ntype B = { a: A }',
        schema: {
            type: 'object',
            properties: { first: { $ref: '#/$defs/A' }, second: { $ref: '#/$defs/B' } },
            required: ['first', 'second'],
            $defs: {
                A: { title: 'A', type: 'object', properties: { x: { anyOf: [{ $ref: '#/$defs/B' }, { type: 'integer' }] } }, required: ['x'] },
                B: { title: 'B', type: 'object', properties: { a: { $ref: '#/$defs/A' } }, required: ['a'] },
            },
        },
        accepts: [{ first: { x: 1 }, second: { a: { x: { a: { x: 2 } } } } }], refuses: [{ first: { x: 'one' }, second: { a: { x: 1 } } }, { first: { x: { a: { x: null } } }, second: { a: { x: 1 } } }],
    },
    {
        form: 'nested aliases', type: 'Dataset<Row>', declarations: `${labelDeclaration}\ntype Row = { text: string, label: Label, score?: float }`,
        schema: {
            ...handle('dataset'),
            'x-weft-records': { $ref: '#/$defs/Row' },
            $defs: {
                Label: { title: 'Label', enum: ['pos', 'neg'] },
                Row: { title: 'Row', type: 'object', properties: { text: { type: 'string' }, label: { $ref: '#/$defs/Label' }, score: { type: 'number' } }, required: ['text', 'label'] },
            },
        },
        accepts: [{ $weft: 'dataset', path: 'a.jsonl' }], refuses: [{ $weft: 'file', path: 'a.jsonl' }],
    },
    {
        form: 'alias of an alias, used twice', type: '{ mine: Labels, theirs: Label[] }', declarations: `${labelDeclaration}\ntype Labels = Label[]`,
        schema: {
            type: 'object',
            properties: { mine: { $ref: '#/$defs/Labels' }, theirs: { type: 'array', items: { $ref: '#/$defs/Label' } } },
            required: ['mine', 'theirs'],
            $defs: { Label: { title: 'Label', enum: ['pos', 'neg'] }, Labels: { title: 'Labels', type: 'array', items: { $ref: '#/$defs/Label' } } },
        },
        accepts: [{ mine: ['pos'], theirs: [] }], refuses: [{ mine: ['x'], theirs: [] }, { mine: [], theirs: ['x'] }],
    },
];

describe('the JSON Schema of a Weft type', () => {
    const ajv = strictAjv();
    it.each(cases)('$form ($type)', async ({ type, declarations, schema, accepts, refuses }) => {
        const generated = jsonSchemaOf(await parameterType(type, declarations), definition => typeOf(services, definition));
        expect(generated).toEqual(schema);
        const validate = ajv.compile(generated);
        for (const value of accepts) expect(validate(value), `accepts ${JSON.stringify(value)}`).toBe(true);
        for (const value of refuses) expect(validate(value), `refuses ${JSON.stringify(value)}`).toBe(false);
    });

    it('keeps a recursive alias\'s self-reference by name: the type prints as written', async () => {
        const tree = await parameterType('Tree', 'type Tree = { value: int, children: Tree[] }');
        expect(tree.kind === 'record' ? tree.fields.map(field => `${field.name}: ${field.type.toString()}`) : []).toEqual(['value: int', 'children: Tree[]']);
    });

    it('keeps recursive aliases checkable: values pass between steps, a wrong one is refused', async () => {
        const declarations = 'type Tree = { value: int, children: Tree[] }\ntype A = { b: B? }\ntype B = { a: A[] }';
        const program = (argument: string) => `${declarations}
step grow(seed: int) -> (tree: Tree, a: A) { run: "./s.ts#s" }
step prune(tree: Tree, b: B?) -> (size: int) { run: "./s.ts#s" }
pipeline p(seed: int) -> (size: int) {
  let g = grow(seed)
  let q = prune(${argument})
  return { size: q.size }
}`;
        expect(errorsOf(await parseWeft(services, program('g.tree, g.a.b')))).toEqual([]);
        expect(errorsOf(await parseWeft(services, program('g.a, g.a.b'))))
            .toEqual(['type-mismatch: Argument `tree` of `prune` expects Tree but got A: field `value` is missing.']);
    });

    it('is any value for a type the checker could not type', async () => {
        const document = await parseWeft(services, 'type Bad = Nope\nstep s(x: Nope, y: Bad?, z: Bad[]) -> (o: int) { run: "./s.ts#s" }');
        expect(errorsOf(document).length).toBeGreaterThan(0);
        const step = declaration(document, 's') as StepDeclaration;
        const schemaOf = (index: number) => jsonSchemaOf(typeOf(services, step.parameters[index]), definition => typeOf(services, definition));
        expect([schemaOf(0), schemaOf(1), schemaOf(2)]).toEqual([{}, {}, { type: 'array', items: {} }]);
    });
});

describe('the $defs of a type that names two aliases of one name', () => {
    it('keys the second one apart, with the same title', async () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-two-labels-'));
        writeFileSync(path.join(folder, 's.ts'), 'export function s() {}\n');
        writeFileSync(path.join(folder, 'a.weft'), 'type Label = "x" | "y"\ntype Box = { label: Label }\n');
        writeFileSync(path.join(folder, 'b.weft'), [
            'import { Box } from "./a.weft"',
            'type Label = int',
            'step s(x: { mine: Label, theirs: Box }) -> (o: int) { run: "./s.ts#s" }',
            'pipeline p(x: { mine: Label, theirs: Box }) -> (o: int) {',
            '  let a = s(x)',
            '  return { o: a.o }',
            '}',
        ].join('\n'));
        const { files, errors } = await generateFolder(folder);
        expect(errors).toEqual([]);
        const plan = JSON.parse(files.find(file => file.path === 'b.p.plan.json')!.content) as CompiledPlan;
        const schema = plan.nodes[0]!.inputs[0]!.schema;
        expect(schema).toEqual({
            type: 'object',
            properties: { mine: { $ref: '#/$defs/Label' }, theirs: { $ref: '#/$defs/Box' } },
            required: ['mine', 'theirs'],
            $defs: {
                'Box': { title: 'Box', type: 'object', properties: { label: { $ref: '#/$defs/Label%20(2)' } }, required: ['label'] },
                'Label': { title: 'Label', type: 'integer' },
                'Label (2)': { title: 'Label', enum: ['x', 'y'] },
            },
        });
        const validate = strictAjv().compile(schema);
        expect(validate({ mine: 1, theirs: { label: 'x' } })).toBe(true);
        expect(validate({ mine: 'x', theirs: { label: 'x' } })).toBe(false);
        expect(validate({ mine: 1, theirs: { label: 1 } })).toBe(false);
    });
});

/** Every typed entry of a plan: parameters, outputs, node inputs and outputs, artifacts. */
function typedEntriesOf(plan: CompiledPlan): { readonly at: string; readonly typed: PlanTyped }[] {
    return [
        ...plan.parameters.map(typed => ({ at: `parameter ${typed.name}`, typed })),
        ...plan.outputs.map(typed => ({ at: `output ${typed.name}`, typed })),
        ...plan.nodes.flatMap(node => [
            ...node.inputs.map(typed => ({ at: `node ${node.id} input ${typed.name}`, typed })),
            ...node.outputs.map(typed => ({ at: `node ${node.id} output ${typed.name}`, typed })),
        ]),
        ...plan.artifacts.map(typed => ({ at: `artifact ${typed.name}`, typed })),
    ];
}

/** The sub-schemas the runtime compiles on their own, with the root's `$defs` beside them. */
function annotatedSchemasOf(schema: PlanSchema): PlanSchema[] {
    const $defs = schema['$defs'] as PlanSchema | undefined;
    const withDefinitions = (sub: PlanSchema): PlanSchema => ($defs === undefined ? sub : { ...sub, $defs });
    const found: PlanSchema[] = [];
    const visit = (value: unknown): void => {
        if (typeof value !== 'object' || value === null) return;
        if (Array.isArray(value)) { value.forEach(visit); return; }
        const object = value as PlanSchema;
        if (object['x-weft-records'] !== undefined) found.push(withDefinitions(object['x-weft-records'] as PlanSchema));
        const model = object['x-weft-model'] as { input: PlanSchema; output: PlanSchema } | undefined;
        if (model !== undefined) found.push(withDefinitions(model.input), withDefinitions(model.output));
        Object.values(object).forEach(visit);
    };
    visit(schema);
    return found;
}

describe.each(exampleNames)('the schemas in the plans of examples/%s', example => {
    let plans: CompiledPlan[] = [];
    beforeAll(async () => {
        const { files, errors } = await generateFolder(path.join(examplesFolder, example));
        expect(errors).toEqual([]);
        plans = files.filter(file => file.path.endsWith('.plan.json')).map(file => JSON.parse(file.content) as CompiledPlan);
    });

    it('each compile under strict ajv, and so do their records and model schemas', () => {
        const ajv = strictAjv();
        let compiled = 0;
        for (const plan of plans) {
            for (const { at, typed } of typedEntriesOf(plan)) {
                expect(Object.keys(typed.schema).length, `${plan.pipeline}: ${at} has a schema`).toBeGreaterThan(0);
                for (const schema of [typed.schema, ...annotatedSchemasOf(typed.schema)]) {
                    expect(() => ajv.compile(schema), `${plan.pipeline}: ${at}`).not.toThrow();
                    compiled++;
                }
            }
        }
        expect(compiled).toBeGreaterThan(10);
    });
});

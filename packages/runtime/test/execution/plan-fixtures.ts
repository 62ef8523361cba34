// Small plans built in code, so each test shows the shape it runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CompiledPlan, PlanExpression, PlanNode, PlanSchema, PlanSettings } from '../../src/contract/plan.js';

export const literal = (value: string | number | boolean): PlanExpression => ({ kind: 'literal', value });
export const duration = (ms: number): PlanExpression => ({ kind: 'quantity', unit: 'duration', value: ms });
export const parameter = (name: string): PlanExpression => ({ kind: 'parameter', name });
export const output = (node: string, name?: string): PlanExpression => ({ kind: 'output', node, ...(name === undefined ? {} : { output: name }) });

export interface NodeShape {
    readonly step?: string;
    readonly arguments?: Record<string, PlanExpression>;
    readonly needs?: readonly string[];
    readonly after?: readonly string[];
    readonly outputs?: readonly string[];
    readonly settings?: PlanSettings;
    readonly conditions?: PlanNode['conditions'];
    readonly forEach?: PlanNode['forEach'];
    readonly onFailureOf?: readonly string[];
    /** Schemas of inputs and outputs by name (checked at the step's boundary); `int` when not given. */
    readonly types?: Readonly<Record<string, PlanSchema>>;
    readonly where?: PlanNode['where'];
}

/** Accepts any value: for inputs and outputs a test does not check the types of. */
export const anything: PlanSchema = {};
export const stringSchema: PlanSchema = { type: 'string' };
/** A `Dataset<T>` in store form; `records` is `T`'s schema. */
export const datasetSchema = (records: PlanSchema = {}): PlanSchema => ({
    type: 'object', required: ['$weft', 'path'], properties: { $weft: { const: 'dataset' }, path: { type: 'string' } }, 'x-weft-records': records,
});

/** A step node; `step` defaults to the id, outputs to `['value']`. */
export function node(id: string, shape: NodeShape = {}): PlanNode {
    const step = shape.step ?? id;
    return {
        id,
        call: { kind: 'step', step, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: `${step}.ts`, export: step } },
        arguments: shape.arguments ?? {},
        after: shape.after ?? [],
        needs: shape.needs ?? [],
        conditions: shape.conditions ?? [],
        ...(shape.forEach ? { forEach: shape.forEach } : {}),
        ...(shape.onFailureOf ? { onFailureOf: shape.onFailureOf } : {}),
        settings: shape.settings ?? {},
        where: shape.where ?? [],
        inputs: Object.keys(shape.arguments ?? {}).map(name => typed(name, shape.types)),
        outputs: (shape.outputs ?? ['value']).map(name => typed(name, shape.types)),
        source: { file: 'test.weft', line: 1 },
    };
}

function typed(name: string, types: NodeShape['types']): { name: string; type: string; schema: PlanSchema } {
    const schema = types?.[name];
    return schema === undefined ? { name, type: 'int', schema: { type: 'integer' } } : { name, type: typeName(schema), schema };
}

function typeName(schema: PlanSchema): string {
    if (Object.keys(schema).length === 0) return 'any';
    if (schema['x-weft-records'] !== undefined) return 'Dataset';
    return String(schema['type'] ?? 'value');
}

export function plan(nodes: readonly PlanNode[], extra: Partial<CompiledPlan> = {}): CompiledPlan {
    return {
        planVersion: 3, pipeline: 'test', source: { file: 'test.weft', line: 1 },
        parameters: [], outputs: [], where: [], nodes, artifacts: [], targets: [], ...extra,
    };
}

export function workRoot(): string {
    return mkdtempSync(path.join(tmpdir(), 'weft-runtime-test-'));
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `condition` until it holds; a busy machine may take long, so it waits for state, not for time. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await sleep(10);
    }
}

/** Counts calls in flight and remembers the most seen at once. */
export class InFlight {
    current = 0;
    max = 0;
    readonly started: string[] = [];

    async around<T>(name: string, work: () => Promise<T>): Promise<T> {
        this.started.push(name);
        this.current++;
        this.max = Math.max(this.max, this.current);
        try {
            return await work();
        } finally {
            this.current--;
        }
    }
}

/** `Tensor<f32, [n]>` as the generator writes it. */
const f32Vector: PlanSchema = {
    type: 'object', required: ['$weft', 'dtype', 'shape'],
    properties: { $weft: { const: 'tensor' }, dtype: { const: 'f32' }, shape: { type: 'array', prefixItems: [{ type: 'integer', minimum: 0 }], items: false, minItems: 1 } },
    'x-weft-shape': ['n'],
};
const handleSchema = (kind: string): PlanSchema => ({ type: 'object', required: ['$weft', 'path'], properties: { $weft: { const: kind }, path: { type: 'string' } } });
const record = (fields: readonly string[]): PlanSchema => ({ type: 'object', properties: Object.fromEntries(fields.map(field => [field, { type: 'integer' }])), required: fields });

/**
 * The schemas of the types the fixtures declare, written out by hand as the generator would
 * (docs/plan.md, "Types"): tests name a type, the boundary checks the schema.
 */
const fixtureSchemas: Readonly<Record<string, PlanSchema>> = {
    'int': { type: 'integer' },
    'float': { type: 'number' },
    'bool': { type: 'boolean' },
    'duration': { type: 'number', minimum: 0, 'x-weft-unit': 'duration' },
    'string': { type: 'string' },
    'File': handleSchema('file'),
    'Model': handleSchema('model'),
    'Dataset<Review>': datasetSchema({ type: 'object', properties: { stars: { type: 'integer' }, text: { type: 'string' } }, required: ['stars', 'text'] }),
    'Tensor<f32, [n]>': f32Vector,
    '{ uid: int }': record(['uid']),
    '{ attempt: int }': record(['attempt']),
    '{ uid: int, attempt: int }': record(['uid', 'attempt']),
    'unknown': anything,
};

/** An input or output of a fixture type, with its schema. */
export function typedAs(name: string, type: string): { name: string; type: string; schema: PlanSchema } {
    const schema = fixtureSchemas[type];
    if (schema === undefined) throw new Error(`plan-fixtures has no schema for ${type}`);
    return { name, type, schema };
}

import { beforeAll, describe, expect, test } from 'vitest';
import type { StepDeclaration } from '../../src/generated/ast.js';
import { LiteralDimension, VariableDimension, arithmeticDimension, dimensionsEqual, substituteDimension } from '../../src/typing/dimensions.js';
import {
    DatasetType, ListType, OptionalType, RecordType, intType, optionalOf, stringLiteralType, stringType, unionOf,
} from '../../src/typing/model.js';
import type { WeftServices } from '../../src/weft-module.js';
import { createTypingServices, declaration, errorsOf, parseWeft, typeOf } from './typing-helper.js';

/** Types print as the user writes them: each parameter type below must print as written. */
const written = [
    'Dataset<Review>',
    '{ text: string, lang?: string }',
    'Tensor<f32, [N, 768]>',
    'Tensor<f32, [N * 2 + 1, (N + 1) * 2, N - (N - 1), _]>',
    'Tensor<bool, _>',
    '"pos" | "neg" | 3',
    'int[]',
    'string?',
    '("a" | "b")[]',
    '("a" | "b")?',
    'Label',
    'Label[]',
    'Embedding<64>',
    'Embedding<_>',
    'Embedding<N>',
    'Map<string, int>',
    'Metrics',
    'Model<Review, Label>',
    'File',
    'Artifact',
    'Failure',
    'duration',
    'memory',
    'bytes',
    '{}',
];

describe('types print as written', () => {
    let services: WeftServices;
    let step: StepDeclaration;

    beforeAll(async () => {
        services = createTypingServices();
        const document = await parseWeft(services, `
type Label = "pos" | "neg"
type Review = { text: string, label: Label }
type Embedding<N> = Tensor<f32, [N, 768]>
step s<N>(${written.map((type, index) => `p${index}: ${type}`).join(', ')}) { run: "./s.ts#s" }`);
        expect(errorsOf(document).filter(error => !error.startsWith('impl-not-found'))).toEqual([]);
        step = declaration(document, 's') as StepDeclaration;
    });

    test.each(written.map((type, index) => [type, index] as const))('%s', (type, index) => {
        expect(typeOf(services, step.parameters[index]).toString()).toBe(type);
    });
});

describe('type values', () => {
    test('equality is structural and ignores aliases', () => {
        const record = new RecordType([{ name: 'a', type: intType, optional: false }]);
        expect(record.withAlias('A').equals(record)).toBe(true);
        expect(record.withAlias('A').toString()).toBe('A');
        expect(new DatasetType(record).equals(new DatasetType(new RecordType([{ name: 'a', type: intType, optional: true }])))).toBe(false);
        expect(new ListType(intType).equals(new OptionalType(intType))).toBe(false);
    });

    test('unions flatten and drop duplicates; one member is itself', () => {
        const pos = stringLiteralType('pos');
        expect(unionOf([pos, unionOf([pos, stringLiteralType('neg')])]).toString()).toBe('"pos" | "neg"');
        expect(unionOf([stringType, stringType])).toBe(stringType);
    });

    test('T?? is T?', () => {
        expect(optionalOf(optionalOf(intType)).toString()).toBe('int?');
    });

    test('dimensions fold literals and substitute variables', () => {
        const n = new VariableDimension('N', {} as never);
        const twiceN = arithmeticDimension('*', new LiteralDimension(2), n);
        expect(twiceN.toString()).toBe('2 * N');
        const bound = substituteDimension(twiceN, new Map([[n.declaration, new LiteralDimension(64)]]));
        expect(dimensionsEqual(bound, new LiteralDimension(128))).toBe(true);
        expect(arithmeticDimension('/', new LiteralDimension(7), new LiteralDimension(2)).toString()).toBe('3');
        expect(arithmeticDimension('/', new LiteralDimension(7), new LiteralDimension(0)).toString()).toBe('7 / 0');
    });
});

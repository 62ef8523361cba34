import { beforeAll, describe, expect, test } from 'vitest';
import type { TypeDeclaration } from '../../src/generated/ast.js';
import { unknownType, type Type } from '../../src/typing/model.js';
import type { WeftServices } from '../../src/weft-module.js';
import { createTypingServices, declaration, errorsOf, parseWeft, typeOf } from './typing-helper.js';

/**
 * docs/language.md §4 as a table, tested both ways. Each row: source, target, whether source is
 * assignable to target, whether target is assignable to source, and (optionally) the code and
 * part of the explanation when source → target fails.
 */
type Row = readonly [source: string, target: string, forward: boolean, backward: boolean, why?: readonly [code: string, detail?: string]];

const rows: readonly Row[] = [
    // identity, int → float, literals
    ['int', 'int', true, true],
    ['int', 'float', true, false],
    ['float', 'int', false, true, ['type-mismatch']],
    ['"pos"', 'string', true, false],
    ['3', 'int', true, false],
    ['3', 'float', true, false],
    ['0.5', 'float', true, false],
    ['0.5', 'int', false, false],
    ['true', 'bool', true, false],
    ['string', 'bytes', false, false],
    ['int', 'duration', false, false],
    ['duration', 'memory', false, false],
    // unions by member
    ['"pos"', '"pos" | "neg"', true, false],
    ['"pos" | "neg"', 'string', true, false],
    ['"pos" | "neg"', '"pos" | "neg" | "neutral"', true, false],
    ['Label', '"pos" | "neg"', true, true],
    ['string | int', 'string', false, true, ['type-mismatch', 'int is not allowed']],
    ['1 | 2', 'int | string', true, false],
    // records: width subtyping, optional fields
    ['{ a: string, b: int }', '{ a: string }', true, false],
    ['{ a: string }', '{ a: string, b: int }', false, true, ['type-mismatch', 'field `b` is missing']],
    ['{ a: string }', '{ a: string, b?: int }', true, true],
    ['{ a: string, b?: int }', '{ a: string, b: int }', false, true, ['type-mismatch', 'field `b` is optional but required here']],
    ['{ a?: string }', '{ a: string }', false, true],
    ['{ a: int }', '{ a: float }', true, false],
    ['{ a: string }', '{ b: string }', false, false, ['type-mismatch', 'field `b` is missing']],
    ['{ a: { b: int } }', '{ a: { b: string } }', false, false, ['type-mismatch', 'field `a`: field `b`']],
    ['Failure', '{ step: string, message: string }', true, false],
    // lists and optionals
    ['int[]', 'float[]', true, false],
    ['("a" | "b")[]', 'string[]', true, false],
    ['int', 'int?', true, false],
    ['int?', 'int', false, true, ['type-mismatch', 'may be absent']],
    ['int?', 'float?', true, false],
    ['int[]?', 'int[]', false, true],
    // Dataset and Model (outputs covariant, input contravariant), Map, Metrics
    ['Dataset<{ a: string, b: int }>', 'Dataset<{ a: string }>', true, false],
    ['Dataset<Review>', 'Dataset<Tokens>', false, false, ['type-mismatch', 'field `tokens` is missing']],
    ['Model<{ a: string }, int>', 'Model<{ a: string, b: int }, float>', true, false],
    ['Model<{ a: string, b: int }, int>', 'Model<{ a: string }, int>', false, true, ['type-mismatch', 'model input: field `b` is missing']],
    ['Model<Tokens, Label>', 'Model<Tokens, string>', true, false],
    ['Map<string, int>', 'Map<string, float>', true, false],
    ['Metrics', 'Map<string, float>', true, true],
    ['Metrics', 'Map<string, int>', false, true],
    // artifacts
    ['Dataset<int>', 'Artifact', true, false],
    ['Model<int, int>', 'Artifact', true, false],
    ['Tensor<f32, [2]>', 'Artifact', true, false],
    ['File', 'Artifact', true, false],
    ['Metrics', 'Artifact', false, false],
    ['File', 'string', false, false],
    // tensors: dtype, rank, literal dimensions, `_`, symbolic dimensions (left to the solver)
    ['Tensor<f32, [3, 768]>', 'Tensor<f32, [3, 768]>', true, true],
    ['Tensor<f32, [3, 768]>', 'Tensor<f16, [3, 768]>', false, false, ['shape-mismatch', 'element type f16 vs f32']],
    ['Tensor<f32, [3, 768]>', 'Tensor<f32, [3, 768, 1]>', false, false, ['shape-mismatch', 'rank 3 vs 2']],
    ['Tensor<f32, [3, 512]>', 'Tensor<f32, [3, 768]>', false, false, ['shape-mismatch', 'dimension 2: 768 vs 512']],
    ['Tensor<f32, [3, 768]>', 'Tensor<f32, [_, 768]>', true, true],
    ['Tensor<f32, [3, 4]>', 'Tensor<f32, _>', true, true],
    ['Tensor<f32, [N, 768]>', 'Tensor<f32, [3, 768]>', true, true],
    ['Tensor<f32, [N * 2]>', 'Tensor<f32, [N + N]>', true, true],
    ['Tensor<f32, [2 * 3]>', 'Tensor<f32, [6]>', true, true],
    ['Tensor<f32, [2 * 3]>', 'Tensor<f32, [7]>', false, false, ['shape-mismatch', 'dimension 1: 7 vs 6']],
    ['Tensor<bool, [2]>', 'Tensor<bool, [2]>', true, true],
    ['Tensor<i64, [2]>', 'Tensor<i32, [2]>', false, false],
    ['Embedding<64>', 'Tensor<f32, [64, 768]>', true, true],
    ['Embedding<64>', 'Embedding<32>', false, false, ['shape-mismatch', 'dimension 1: 32 vs 64']],
    ['Embedding<_>', 'Embedding<32>', true, true],
    ['Dataset<Tensor<f32, [3]>>', 'Dataset<Tensor<f32, [4]>>', false, false, ['shape-mismatch', 'dimension 1: 4 vs 3']],
    ['{ x: Tensor<f32, [3]> }', '{ x: Tensor<f32, [4]> }', false, false, ['shape-mismatch', 'field `x`: dimension 1: 4 vs 3']],
];

const prelude = `
type Label = "pos" | "neg"
type Review = { text: string, label: Label, lang?: string }
type Tokens = { tokens: int[], label: Label }
type Embedding<N> = Tensor<f32, [N, 768]>
`;

describe('assignability (docs/language.md §4), both ways', () => {
    let services: WeftServices;
    const types = new Map<string, Type>();

    beforeAll(async () => {
        services = createTypingServices();
        // Every type of the table, written as a generic alias so that `N` is a dimension name.
        const written = [...new Set(rows.flatMap(([source, target]) => [source, target]))];
        const text = prelude + written.map((type, index) => `type T${index}<N> = ${type}`).join('\n');
        const document = await parseWeft(services, text);
        expect(errorsOf(document)).toEqual([]);
        written.forEach((type, index) => {
            const alias = declaration(document, `T${index}`) as TypeDeclaration;
            types.set(type, typeOf(services, alias.type));
        });
    });

    test.each(rows.map(row => [`${row[0]}  →  ${row[1]}`, row] as const))('%s', (_name, [source, target, forward, backward, why]) => {
        const checker = services.typing.TypeChecker;
        const sourceType = types.get(source)!;
        const targetType = types.get(target)!;
        expect(sourceType.kind, `${source} was typed`).not.toBe('unknown');
        expect(targetType.kind, `${target} was typed`).not.toBe('unknown');
        expect(checker.isAssignable(sourceType, targetType), `${source} → ${target}`).toBe(forward);
        expect(checker.isAssignable(targetType, sourceType), `${target} → ${source}`).toBe(backward);
        if (why !== undefined) {
            expect(forward, 'a row explains only a failing source → target').toBe(false);
            const mismatch = checker.explain(sourceType, targetType);
            expect(mismatch?.code).toBe(why[0]);
            if (why[1] !== undefined) expect(mismatch?.detail ?? '').toContain(why[1]);
        }
    });

    test('the unknown type is assignable both ways, so one error does not cascade', () => {
        const checker = services.typing.TypeChecker;
        for (const type of types.values()) {
            expect(checker.isAssignable(unknownType, type)).toBe(true);
            expect(checker.isAssignable(type, unknownType)).toBe(true);
        }
    });

    test('symbolic dimensions are compatible, and the equalities the solver must prove are collected', () => {
        const checker = services.typing.TypeChecker;
        const relation = checker.relate(types.get('Tensor<f32, [N, 768]>')!, types.get('Tensor<f32, [3, 768]>')!);
        expect(relation.assignable).toBe(true);
        const equalities = relation.assignable ? relation.equalities : [];
        expect(equalities.map(equality => `${equality.index}: ${equality.left.toString()} = ${equality.right.toString()}`)).toEqual(['0: 3 = N']);
        // Literal dimensions and `_` need no solver.
        expect(checker.dimensionEqualities(types.get('Tensor<f32, [3, 768]>')!, types.get('Tensor<f32, [_, 768]>')!)).toEqual([]);
    });
});

import { describe, expect, test } from 'vitest';
import { buildWorkspace, fileOf, lineOf, referencesNamed } from './test-workspace.js';

/**
 * Where names resolve. Each case is a workspace (files under /ws/) and expectations: the
 * `occurrence`-th reference spelt `name` in `file` resolves to a node of `type` on `line` of
 * `in` (default: the same file), or to nothing (`unresolved`).
 */
interface Expectation {
    readonly name: string;
    readonly occurrence?: number;
    readonly file?: string;
    readonly type?: string;
    readonly line?: number;
    readonly in?: string;
    readonly unresolved?: true;
}

interface ResolutionCase {
    readonly title: string;
    readonly files: Readonly<Record<string, string>>;
    readonly expect: readonly Expectation[];
}

const step = (name: string, params = '', outputs = 'out: int'): string =>
    `step ${name}(${params}) -> (${outputs}) { run: "./steps.ts#${name}" }`;

const cases: ResolutionCase[] = [
    {
        title: 'forward references between top-level declarations',
        files: {
            'main.weft': [
                'pipeline p(r: Review) -> (out: int) {', //          1
                '  let t = count(r)', //                              2
                '  return { out: t.out }', //                         3
                '}', //                                               4
                step('count', 'r: Review'), //                        5
                'type Review = { text: string }', //                 6
            ].join('\n'),
        },
        expect: [
            { name: 'Review', occurrence: 0, type: 'TypeDeclaration', line: 6 },
            { name: 'count', type: 'StepDeclaration', line: 5 },
            { name: 'string', type: 'BuiltinType', in: 'builtins' },
        ],
    },
    {
        title: 'relative imports, aliases and no visibility without an import',
        files: {
            'main.weft': [
                'import { Tokens, tokenize as tok } from "./lib/text.weft"', // 1
                'pipeline p(s: string) -> (out: Tokens) {', //                   2
                '  let t = tok(s)', //                                           3
                '  let u = tokenize(s)', //                                      4
                '  let v = embed(s)', //                                         5
                '  return { out: t.out }', //                                    6
                '}',
            ].join('\n'),
            'lib/text.weft': [
                'type Tokens = { ids: int[] }', //                                1
                step('tokenize', 's: string', 'out: Tokens'), //                 2
                step('embed', 's: string'), //                                   3
            ].join('\n'),
        },
        expect: [
            { name: 'Tokens', occurrence: 0, type: 'TypeDeclaration', line: 1, in: 'lib/text.weft' },
            { name: 'Tokens', occurrence: 1, type: 'TypeDeclaration', line: 1, in: 'lib/text.weft' },
            { name: 'tokenize', occurrence: 0, type: 'StepDeclaration', line: 2, in: 'lib/text.weft' },
            { name: 'tok', type: 'StepDeclaration', line: 2, in: 'lib/text.weft' },
            // The alias hides the imported name, and another file's names need an import.
            { name: 'tokenize', occurrence: 1, unresolved: true },
            { name: 'embed', unresolved: true },
        ],
    },
    {
        title: 'package imports through node_modules of an enclosing folder',
        files: {
            'app/src/main.weft': [
                'import { Tokens } from "@acme/text/tokens.weft"',
                'import { Patch } from "vision/patch.weft"',
                'type Pair = { t: Tokens, p: Patch }',
            ].join('\n'),
            'node_modules/@acme/text/tokens.weft': 'module acme.text version "1.0.0"\ntype Tokens = { ids: int[] }',
            'app/node_modules/vision/patch.weft': 'type Patch = { pixels: int[] }',
        },
        expect: [
            { file: 'app/src/main.weft', name: 'Tokens', occurrence: 1, type: 'TypeDeclaration', line: 2, in: 'node_modules/@acme/text/tokens.weft' },
            { file: 'app/src/main.weft', name: 'Patch', occurrence: 1, type: 'TypeDeclaration', line: 1, in: 'app/node_modules/vision/patch.weft' },
        ],
    },
    {
        title: 'circular imports, and no re-export of imported names',
        files: {
            'a.weft': 'import { B } from "./b.weft"\ntype A = { b: B? }',
            'b.weft': 'import { A } from "./a.weft"\ntype B = { a: A? }',
            'c.weft': 'import { A, B } from "./b.weft"\ntype C = { a: A }',
        },
        expect: [
            { file: 'a.weft', name: 'B', occurrence: 1, type: 'TypeDeclaration', line: 2, in: 'b.weft' },
            { file: 'b.weft', name: 'A', occurrence: 1, type: 'TypeDeclaration', line: 2, in: 'a.weft' },
            // b.weft imports `A` but does not declare it.
            { file: 'c.weft', name: 'A', occurrence: 0, unresolved: true },
            { file: 'c.weft', name: 'B', occurrence: 0, type: 'TypeDeclaration', in: 'b.weft' },
        ],
    },
    {
        title: '`let` results are visible after their statement, in nested blocks, not outside them',
        files: {
            'main.weft': [
                step('f', 'x: int'), //                                  1
                'pipeline p(n: int) -> (out: int) {', //                  2
                '  let a = f(b.out)', //                                  3
                '  let b = f(n)', //                                      4
                '  let c = f(b.out)', //                                  5
                '  when c.out > 0 {', //                                  6
                '    let d = f(c.out)', //                                7
                '    let c = f(d.out)', //                                8  (a duplicate, but it shadows)
                '    let e = f(c.out)', //                                9
                '  } else {', //                                         10
                '    let g = f(d.out)', //                               11
                '  }', //                                                12
                '  let h = f(d.out)', //                                 13
                '  return { out: e.out }', //                            14
                '}',
            ].join('\n'),
        },
        expect: [
            { name: 'b', occurrence: 0, unresolved: true },
            { name: 'b', occurrence: 1, type: 'LetStatement', line: 4 },
            { name: 'n', type: 'Parameter', line: 2 },
            { name: 'c', occurrence: 0, type: 'LetStatement', line: 5 },
            { name: 'c', occurrence: 1, type: 'LetStatement', line: 5 },
            { name: 'c', occurrence: 2, type: 'LetStatement', line: 8 },
            { name: 'd', occurrence: 0, type: 'LetStatement', line: 7 },
            { name: 'd', occurrence: 1, unresolved: true },
            { name: 'd', occurrence: 2, unresolved: true },
            { name: 'e', unresolved: true },
        ],
    },
    {
        title: '`after` and `on failure of` name any `let` of their block or an enclosing one',
        files: {
            'main.weft': [
                step('f'), //                                             1
                'pipeline p() -> (out: int) {', //                        2
                '  let a = f() after b', //                               3
                '  let b = f() after a', //                               4
                '  when true {', //                                       5
                '    let c = f() after a, d', //                          6
                '    let d = f()', //                                     7
                '  }', //                                                 8
                '  let e = f() after c', //                               9
                '  on failure of a, e {', //                             10
                '    let g = f() after h', //                            11
                '    let h = f()', //                                    12
                '  }', //                                                13
                '  return { out: a.out }',
                '}',
            ].join('\n'),
        },
        expect: [
            { name: 'b', occurrence: 0, type: 'LetStatement', line: 4 },
            { name: 'a', occurrence: 0, type: 'LetStatement', line: 3 },
            { name: 'a', occurrence: 1, type: 'LetStatement', line: 3 },
            { name: 'd', type: 'LetStatement', line: 7 },
            { name: 'c', unresolved: true },
            { name: 'a', occurrence: 2, type: 'LetStatement', line: 3 },
            { name: 'e', type: 'LetStatement', line: 9 },
            { name: 'h', type: 'LetStatement', line: 12 },
        ],
    },
    {
        title: '`failure` inside `on failure` blocks only; loop variables inside their call only',
        files: {
            'main.weft': [
                step('f', 'x: string'), //                                  1
                step('g', 'x: int'), //                                     2
                'pipeline p(xs: int[]) -> (out: int) {', //                 3
                '  let a = g(1)', //                                        4
                '  on failure of a {', //                                   5
                '    let b = f(failure.message)', //                        6
                '  }', //                                                   7
                '  let c = f(failure.message)', //                          8
                '  let ys = for v in xs concurrency 2 => g(v).out', //      9
                '  let z = g(v)', //                                       10
                '  return { out: a.out }',
                '}',
            ].join('\n'),
        },
        expect: [
            { name: 'failure', occurrence: 0, type: 'OnFailureStatement', line: 5 },
            { name: 'failure', occurrence: 1, unresolved: true },
            { name: 'v', occurrence: 0, type: 'LoopVariable', line: 9 },
            { name: 'v', occurrence: 1, unresolved: true },
        ],
    },
    {
        title: 'step parameters and dimension variables in types, defaults and members',
        files: {
            'main.weft': [
                'step s<N>(batch: int, replicas: int = batch, x: Tensor<f32, [N, batch]>) -> (y: Tensor<f32, [N]>) {', // 1
                '  run: "./steps.ts#s"', //                                                              2
                '  resources { memory: 16Gi * replicas }', //                                            3
                '  where batch % 8 == 0 && N > 0', //                                                    4
                '}',
                'type Embedding<D> = Tensor<f32, [D, 768]>', //                                          6
                'const width: int = 4', //                                                               7
                'type Row = Tensor<f32, [width]>', //                                                    8
            ].join('\n'),
        },
        expect: [
            { name: 'N', occurrence: 0, type: 'DimensionVariable', line: 1 },
            { name: 'N', occurrence: 1, type: 'DimensionVariable', line: 1 },
            { name: 'N', occurrence: 2, type: 'DimensionVariable', line: 1 },
            { name: 'batch', occurrence: 0, type: 'Parameter', line: 1 },
            { name: 'batch', occurrence: 1, type: 'Parameter', line: 1 },
            { name: 'batch', occurrence: 2, type: 'Parameter', line: 1 },
            { name: 'replicas', type: 'Parameter', line: 1 },
            { name: 'D', type: 'TypeParameter', line: 6 },
            { name: 'width', type: 'ConstDeclaration', line: 7 },
            { name: 'f32', occurrence: 0, type: 'BuiltinType', in: 'builtins' },
        ],
    },
    {
        title: 'types skip names that are not types; callees skip names that are not steps',
        files: {
            'main.weft': [
                step('train'), //                                                1
                'pipeline p(n: int) -> (out: int) {', //                         2
                '  let train = train()', //                                      3
                '  return { out: train.out }', //                                4
                '}',
                'type T = train', //                                             6
            ].join('\n'),
        },
        expect: [
            { name: 'train', occurrence: 0, type: 'StepDeclaration', line: 1 },
            { name: 'train', occurrence: 1, type: 'LetStatement', line: 3 },
            { name: 'train', occurrence: 2, unresolved: true },
            { name: 'int', type: 'BuiltinType', in: 'builtins' },
        ],
    },
];

describe('name resolution', () => {
    test.each(cases.map(testCase => [testCase.title, testCase] as const))('%s', async (_title, testCase) => {
        const workspace = await buildWorkspace(testCase.files);
        const defaultFile = Object.keys(testCase.files)[0]!;
        for (const expectation of testCase.expect) {
            const file = expectation.file ?? defaultFile;
            const reference = referencesNamed(workspace.document(file), expectation.name)[expectation.occurrence ?? 0];
            const where = `${file}: \`${expectation.name}\` #${expectation.occurrence ?? 0}`;
            expect(reference, `${where} exists`).toBeDefined();
            const target = reference!.ref;
            if (expectation.unresolved) {
                expect(target?.$type, `${where} resolves to nothing`).toBeUndefined();
                continue;
            }
            expect({ type: target?.$type, in: fileOf(target), ...(expectation.line ? { line: lineOf(target) } : {}) }, where)
                .toEqual({ type: expectation.type, in: expectation.in ?? file, ...(expectation.line ? { line: expectation.line } : {}) });
        }
    });
});

import { AstUtils } from 'langium';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LetStatement, PipelineDeclaration, StepCall, TypeDeclaration } from '../../src/generated/ast.js';
import { isLetStatement, isLoopVariable, isOnFailureStatement, isQuantityLiteral, isWhenStatement } from '../../src/generated/ast.js';
import type { Type } from '../../src/typing/model.js';
import type { WeftServices } from '../../src/weft-module.js';
import { createTypingServices, declaration, parseWeft, typeOf } from './typing-helper.js';

const context = `
type Label = "pos" | "neg"
type Review = { text: string, label: Label, lang?: string }
type Tokens = { tokens: int[], label: Label }
dataset imdb: Dataset<Review> { uri: "file:imdb.jsonl" }
step tokenize(data: Dataset<Review>) -> (tokens: Dataset<Tokens>) { run: "./s.ts#tokenize" }
step evaluate(data: Dataset<Tokens>) -> (metrics: Metrics) { run: "./s.ts#evaluate" }
step label(review: Review) -> (label: Label) { run: "./s.ts#label" }
`;

/** Expressions typed inside a pipeline with parameters and call results; each becomes a `when` condition after the calls. */
const expressions: readonly (readonly [expression: string, type: string])[] = [
    ['1_000', '1_000'],
    ['3e-4', '3e-4'],
    ['"a"', '"a"'],
    ['true', 'true'],
    ['16Gi * replicas', 'memory'],
    ['2 * 30s', 'duration'],
    ['30s * lr', 'duration'],
    ['2h / 30m', 'float'],
    ['2h + 30m', 'duration'],
    ['t + 5m', 'duration'],
    ['1 + 2', 'int'],
    ['1 + 2.5', 'float'],
    ['replicas / 2', 'int'],
    ['replicas % 8 == 0', 'bool'],
    ['"a" + name', 'string'],
    ['lr < 1 && replicas > 0', 'bool'],
    ['!true', 'bool'],
    ['-replicas', 'int'],
    ['replicas in 1..4', 'bool'],
    ['min(replicas, 3)', 'int'],
    ['max(lr, 1)', 'float'],
    ['max(2h, t)', 'duration'],
    ['len(flags)', 'int'],
    ['[1, 2]', '(1 | 2)[]'],
    ['{ a: 1, b: name }', '{ a: 1, b: string }'],
    ['(replicas)', 'int'],
    ['reviews', 'Dataset<Review>'],
    ['tk', '{ tokens: Dataset<Tokens> }'],
    ['tk.tokens', 'Dataset<Tokens>'],
    ['ev.metrics', 'Metrics'],
    ['ev.metrics.accuracy', 'float'],
    ['ys', '{ label: Label }[]'],
    ['zs', 'Label[]'],
    ['one.lang', 'string?'],
    // No cascades: an operator over an ill-typed operand is unknown, not another error.
    ['"a" + 1', 'unknown'],
    ['("a" + 1) * 2', 'unknown'],
    ['tk.nope', 'unknown'],
];

describe('type computer', () => {
    let services: WeftServices;
    let pipeline: PipelineDeclaration;

    beforeAll(async () => {
        services = createTypingServices();
        const document = await parseWeft(services, `${context}
pipeline probe(replicas: int = 2, lr: float = 3e-4, t: duration = 20m, name: string = "x", flags: bool[] = [],
               reviews: Dataset<Review> = imdb, many: Review[] = [], one: Review = { text: "a", label: "pos" }) {
  let tk = tokenize(reviews)
  let ev = evaluate(tk.tokens)
  let ys = for r in many => label(r)
  let zs = for r in many concurrency 4 => label(r).label
  on failure of tk {
    let _alert = label({ text: failure.message, label: "neg" })
  }
${expressions.map(([expression]) => `  when ${expression} {}`).join('\n')}
}`);
        pipeline = declaration(document, 'probe') as PipelineDeclaration;
    });

    test.each(expressions.map((row, index) => [row[0], row[1], index] as const))('%s : %s', (_expression, expected, index) => {
        const clause = pipeline.statements.filter(isWhenStatement)[index]!;
        expect(typeOf(services, clause.condition).toString()).toBe(expected);
    });

    test('a loop variable has the element type of the list; `failure` is a Failure', () => {
        const loopVariables = AstUtils.streamAst(pipeline).filter(isLoopVariable).toArray();
        expect(loopVariables.map(variable => typeOf(services, variable).toString())).toEqual(['Review', 'Review']);
        const onFailure = AstUtils.streamAst(pipeline).find(isOnFailureStatement)!;
        expect(typeOf(services, onFailure).toString()).toBe('Failure');
        expect(typeOf(services, onFailure).describe()).toBe('{ step: string, message: string, attempts: int, exitCode?: int, kind?: string }');
    });

    test('results are cached per node until the workspace changes', () => {
        const tk = pipeline.statements.find((statement): statement is LetStatement => isLetStatement(statement) && statement.name === 'tk')!;
        expect(typeOf(services, tk)).toBe(typeOf(services, tk));
    });
});

describe('quantities take their meaning from where they stand', () => {
    test.each([
        ['step s() { run: "./s.ts#s"  resources { cpu: »500m« } }', 'cpu'],
        ['step s() { run: "./s.ts#s"  timeout: »20m« }', 'duration'],
        ['step s() { run: "./s.ts#s"  resources { memory: »512Mi« } }', 'memory'],
        ['step s(t: duration = »20m«) { run: "./s.ts#s" }', 'duration'],
        ['step s(c: int) { run: "./s.ts#s"  where c < »20m« }', 'duration'],
        ['step s(t: duration) { run: "./s.ts#s"  where t < »20m« }', 'duration'],
        ['step s() { run: "./s.ts#s" }\npipeline p() { let x = s() with { resources { cpu: »250m« } } }', 'cpu'],
        ['step s() { run: "./s.ts#s"  resources { cpu: 1 + »250m« } }', 'cpu'],
        ['step s(r: int) { run: "./s.ts#s"  resources { memory: »16Gi« * r } }', 'memory'],
        ['const limit: duration = »90m«', 'duration'],
        ['const c = »20m«', 'duration'],
        ['target dev: sandbox { runtime: "gvisor"  capacity { cpu: »1500m«, memory: 8Gi } }', 'cpu'],
    ])('%s is a %s', async (source, expected) => {
        const services = createTypingServices();
        const start = source.indexOf('»');
        const text = source.replace('»', '').replace('«', '');
        const document = await parseWeft(services, text);
        const quantity = AstUtils.streamAst(document.parseResult.value).filter(isQuantityLiteral)
            .find(node => node.$cstNode?.offset === start);
        expect(quantity, 'the marked quantity').toBeDefined();
        expect(typeOf(services, quantity).toString()).toBe(expected);
    });
});

describe('type parameters and dimension variables', () => {
    let services: WeftServices;
    let types: (name: string) => Type;
    let lets: (name: string) => Type;
    let call: (name: string) => StepCall;

    beforeAll(async () => {
        services = createTypingServices();
        const document = await parseWeft(services, `
type Embedding<N> = Tensor<f32, [N, 768]>
type Batch<N> = Embedding<N>
type Pair<T> = { a: T, b: T[] }
type Shaped<S> = Tensor<f32, S>
type E64 = Embedding<64>
type EAny = Embedding<_>
type B8 = Batch<8>
type PairOfInts = Pair<int>
type S23 = Shaped<[2, 3]>
step embed<N>(x: Tensor<f32, [N, 768]>) -> (y: Tensor<f32, [N, 2]>) { run: "./s.ts#embed" }
step pair<N>(x: Tensor<f32, [N]>, y: Tensor<f32, [N]>) -> (z: Tensor<f32, [N, N]>) { run: "./s.ts#pair" }
step reshape(x: Tensor<f32, [_]>, rows: int) -> (y: Tensor<f32, [rows, 1]>) { run: "./s.ts#reshape" }
step scale(x: Embedding<batch>, batch: int = 16) -> (y: Tensor<f32, [batch * 2]>) { run: "./s.ts#scale" }
pipeline p(a: Embedding<64>, b: Tensor<f32, [batch, 768]>, c: Embedding<_>, batch: int, v: Tensor<f32, [64]>, w: Tensor<f32, [32]>,
           e16: Embedding<16>) {
  let fromLiteral = embed(a)
  let fromSymbol = embed(b)
  let fromWildcard = embed(c)
  let conflicting = pair(v, w)
  let fromInt = reshape(v, 8)
  let fromDefault = scale(e16)
}`);
        types = name => typeOf(services, declaration(document, name));
        const pipeline = declaration(document, 'p') as PipelineDeclaration;
        const statement = (name: string): LetStatement => pipeline.statements.find((candidate): candidate is LetStatement => isLetStatement(candidate) && candidate.name === name)!;
        lets = name => typeOf(services, statement(name));
        call = name => statement(name).value as StepCall;
    });

    test.each([
        ['E64', 'E64', 'Tensor<f32, [64, 768]>'],
        ['EAny', 'EAny', 'Tensor<f32, [_, 768]>'],
        ['B8', 'B8', 'Tensor<f32, [8, 768]>'],
        ['PairOfInts', 'PairOfInts', '{ a: int, b: int[] }'],
        ['S23', 'S23', 'Tensor<f32, [2, 3]>'],
    ])('%s prints as %s and is %s', (name, printed, structure) => {
        expect(types(name).toString()).toBe(printed);
        expect(types(name).describe()).toBe(structure);
    });

    test('a use of a generic alias prints as written', async () => {
        const local = createTypingServices();
        const document = await parseWeft(local, `
type Embedding<N> = Tensor<f32, [N, 768]>
step s(a: Embedding<64>, b: Embedding<_>, c: Embedding<rows>, rows: int) { run: "./s.ts#s" }`);
        const step = declaration(document, 's') as unknown as { parameters: { type: TypeDeclaration['type'] }[] };
        expect(step.parameters.slice(0, 3).map(parameter => typeOf(local, parameter.type).toString()))
            .toEqual(['Embedding<64>', 'Embedding<_>', 'Embedding<rows>']);
        expect(typeOf(local, step.parameters[2]!.type).describe()).toBe('Tensor<f32, [rows, 768]>');
    });

    test.each([
        ['fromLiteral', '{ y: Tensor<f32, [64, 2]> }'],
        ['fromSymbol', '{ y: Tensor<f32, [batch, 2]> }'],
        ['fromWildcard', '{ y: Tensor<f32, [_, 2]> }'],
        ['fromInt', '{ y: Tensor<f32, [8, 1]> }'],
        ['fromDefault', '{ y: Tensor<f32, [32]> }'],
        ['conflicting', '{ z: Tensor<f32, [64, 64]> }'],
    ])('dimension variables are inferred per call: %s is %s', (name, expected) => {
        expect(lets(name).toString()).toBe(expected);
    });

    test('two arguments that fix one dimension variable differently conflict; agreeing ones do not', () => {
        const { conflicts } = services.typing.TypeComputer.callBindings(call('conflicting'));
        expect(conflicts.map(conflict => `${conflict.name}: ${conflict.bound.toString()} vs ${conflict.given.toString()}`)).toEqual(['N: 64 vs 32']);
        expect(services.typing.TypeComputer.callBindings(call('fromLiteral')).conflicts).toEqual([]);
    });

    test('the expected type of a parameter at a call has the dimensions of that call put in', () => {
        const conflicting = call('conflicting');
        const [, y] = conflicting.callee.ref!.parameters;
        expect(services.typing.TypeComputer.expectedParameterType(conflicting, y!).toString()).toBe('Tensor<f32, [64]>');
    });
});

describe('the type cache', () => {
    const text = 'const a = b\nconst b = a\nconst c = 2 * 1_000\n';

    test('a constant that refers to itself through another is unknown, and computing it twice gives the same', async () => {
        const local = createTypingServices();
        const document = await parseWeft(local, text);
        expect(typeOf(local, declaration(document, 'a')).kind).toBe('unknown');
        expect(typeOf(local, declaration(document, 'b')).kind).toBe('unknown');
        expect(typeOf(local, declaration(document, 'c')).toString()).toBe('int');
    });

    // Types are kept on the nodes: another computer, or this one after forgetting, must compute them again.
    test('is one computer\'s, and forgetting everything makes it compute again', async () => {
        const first = createTypingServices();
        const document = await parseWeft(first, text);
        const constant = declaration(document, 'c');
        expect(typeOf(first, constant).toString()).toBe('int');
        for (const [services, forget] of [[createTypingServices(), false], [first, true]] as const) {
            const computer = services.typing.TypeComputer;
            if (forget) computer.forgetAll();
            const computed: string[] = [];
            const doComputeType = (computer as unknown as { doComputeType(node: unknown): Type }).doComputeType.bind(computer);
            (computer as unknown as { doComputeType(node: { $type: string }): Type }).doComputeType = node => {
                computed.push(node.$type);
                return doComputeType(node);
            };
            expect(computer.computeType(constant).toString()).toBe('int');
            expect(computed).toContain('ConstDeclaration');
            computed.length = 0;
            expect(computer.computeType(constant).toString()).toBe('int');
            expect(computed).toEqual([]);
        }
    });

    test('forgetting one declaration computes that one again and keeps the others', async () => {
        const local = createTypingServices();
        const document = await parseWeft(local, text);
        const computer = local.typing.TypeComputer;
        const [a, c] = [declaration(document, 'a'), declaration(document, 'c')];
        computer.computeType(a);
        computer.computeType(c);
        const computed: unknown[] = [];
        const doComputeType = (computer as unknown as { doComputeType(node: unknown): Type }).doComputeType.bind(computer);
        (computer as unknown as { doComputeType(node: unknown): Type }).doComputeType = node => {
            computed.push(node);
            return doComputeType(node);
        };
        computer.forget([c]);
        computer.computeType(a);
        computer.computeType(c);
        expect(computed[0]).toBe(c);
        expect(computed).not.toContain(a);
    });
});

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AstNode, type CstNode, EmptyFileSystem, GrammarAST, type ParseResult } from 'langium';
import { describe, expect, test } from 'vitest';
import { BUILTINS_SOURCE } from '../../src/builtins/builtin-source.js';
import type { WeftParser } from '../../src/parsing/weft-parser.js';
import { createWeftServices } from '../../src/weft-module.js';
import { parseMarkedSource } from '../conformance/markers.js';
import { repository, weftFiles } from './repository-files.js';
// @ts-expect-error: a plain script of the benchmark, without type declarations
import { multiFileWorkspace, singleFilePipeline } from '../../../../scripts/bench/generate.mjs';

// The differential test of the fast parser (src/parsing/fast-parser.ts): wherever it parses a
// document, its result must be Langium's, node for node, property for property, in the same
// order; wherever Langium finds a syntax error, it must give up.

const services = createWeftServices(EmptyFileSystem).Weft;
const parser = services.parser.LangiumParser as unknown as WeftParser;

/** The documents to compare: files (with conformance markers removed), the built-ins, generated workloads. */
function corpus(): [string, string][] {
    const documents: [string, string][] = [['builtins.weft', BUILTINS_SOURCE]];
    for (const path of weftFiles(repository)) {
        const name = relative(repository, path);
        const source = readFileSync(path, 'utf8');
        documents.push([name, source]);
        try {
            documents.push([`${name} (without markers)`, parseMarkedSource(name, source).text]);
        } catch {
            // Not a conformance case.
        }
    }
    for (const [file, text] of [...(singleFilePipeline(30) as Map<string, string>), ...(multiFileWorkspace(4) as Map<string, string>)]) {
        if (file.endsWith('.weft')) documents.push([`generated ${file}`, text]);
    }
    return documents;
}

// Every rule, alternative and optional part of weft.langium, with comments in odd places.
const snippets: string[] = [
    '',
    '// only a comment',
    '/// a doc comment\n/* and a block */',
    'module a version "1"',
    'module a.b.c version "1.0.0" // trailing\n',
    'module /* c */ a . /* d */ b version "2"\nimport { x } from "./x.weft"\nimport {} from "e.weft"\nimport { a, b as c, d, } from "f.weft"',
    'import { x as /* why */ y } from "z.weft"\nconst c = 1',
    'type A = int',
    'type B<T> = T[]',
    'type C<K, V,W> = { a: K, b?: V, c: W[]? } | "x" | 1 | 2.5 | true | false | (int | string)',
    'type D = { }',
    'type E = {a: int b: string,}',
    'type F = Tensor<float, [batch, 768]>\ntype G = Tensor<f32, [_, n * 2 + 1, -3, (m), _]>\ntype H = Tensor<f32, []>',
    'type I = Map<string, _>\ntype J = A<B<C<int>>>\ntype K = int[][]?[]',
    '/// Documented.\ntype L = /* before */ A /* between */ | /* inside */ B // after',
    'const a = 1\nconst b: int = 2\nconst c: float = 1.5e3\nconst d = 10Gi\nconst e = "s\\n\\"q\\""\nconst f = true\nconst g = false',
    'const h = [1, 2, 3,]\nconst i = []\nconst j = [[1], [2]]\nconst k = { a: 1, "b c": 2, d: { e: [] } }\nconst l = {}\nconst m = { a: 1 b: 2, }',
    'const n = a.b.c\nconst o = f()\nconst p = f(1, x: 2, y: g(3),)\nconst q = a.b(c).d(e)(f)',
    'const r = -1\nconst s = !a\nconst t = - - x\nconst u = !(a && b)\nconst v = -a.b',
    'const w = 1 + 2 * 3 - 4 / 5 % 6\nconst x = a < b && c <= d || e > f && g >= h\nconst y = a == b != c\nconst z = (1 + 2) * 3',
    'const aa = x in 1..4\nconst ab = x + 1 in a * 2..b - 1 && y in 0..n\nconst ac = f(x) in -1..-2 == true',
    'const ad = a /* one */ + /* two */ b // three\n    * c',
    'const ae = 1 + 2 * 3 < 4 && a || b\nconst af = 5 - 1 - 2 == 2',
    'const ag = a * /* scale */ b + c\nconst ah = (a + b) * max(c - d, 2) in 1..n * 2',
    'const ai = a + b * c < (d - e * f) && g(h + i * j, k: l * m - n) || [o * p + q, r - s - t] != u\ntype T = Tensor<f32, [a * b + c, d - e - f]>',
    'const ai = 1_000\nconst aj = 3e-4\nconst ak = 500ms + 2h + 1d + 3s + 4m\nconst al = 1.5Gi + 2Ki + 3Mi + 4Ti + 5K + 6M + 7G + 8T',
    'dataset d: Dataset<Row> {\n  uri: "file:x"\n  splits: ["a", "b"],\n}',
    'model m: Model<A, B> { uri: "u", "quoted key": 1, nested { a: 1 }, other {} }',
    'step s() {}\nstep t(a: int) {}\nstep u(a: int, b: float = 0.5,) -> () {}\nstep v<n, m>(x: Tensor<f32, [n, m]>) -> (y: int, z: Dataset<A>,) {\n  run: "x#y"\n  where n > 0\n  where m < 3,\n  resources { cpu: 1, memory: 2Gi * n },\n  retry { }\n}',
    'step w(a: int = 1 + 2, b: string = "x") -> (o: int) { where a in 1..4 && b != "" }',
    'pipeline p() {}\npipeline q(a: int) -> (o: int) {\n  concurrency: 2\n  where a > 0\n  let x = s(a)\n  return { o: x.o }\n}',
    'pipeline r() {\n  let a = s()\n  let b = t(a.out, n: 1) with { timeout: 5m }\n  let c = u() after a, b\n  let d = for x in xs => s(x)\n  let e = for y in [1, 2] concurrency 4 => t(y).out after d\n  let f = for z in a.list concurrency n + 1 => u(z, k: 2) with { x: 1 }.out\n  let g = for w in ws concurrency n * 2 + 1 - m => u(w)\n}',
    'pipeline s() {\n  when a > 1 {\n    let x = s()\n  }\n  when b {\n  } else {\n    when c { let y = t() } else { return {} }\n  }\n  on failure of x {\n    let z = r()\n  }\n  on failure of x, y {}\n  return { a: 1, "b": 2, }\n}',
    'pipeline t() {\n  on: 1\n  on { a: 1 }\n  failure: 2\n  "quoted": 3,\n  on failure of a { on failure of b { return { } } }\n  let x = s() // trailing\n  /// doc before a statement\n  let y = s()\n}',
    'target dev: sandbox {\n  runtime: "gvisor"\n  capacity { cpu: 16, memory: 64Gi, gpu: 0 }\n}\ntarget k: kubernetes {\n  pool gpu { nodes: 2 }\n  pool: "x"\n  pool { a: 1 }\n  where true\n}',
    'builtin type string\nbuiltin type Dataset<T>\nbuiltin type Map<K, V>\nbuiltin fn max(a: int, b: int): int\nbuiltin fn now(): duration\nbuiltin fn id(x: T = 1): T[]',
    'type model = { model: string, type: int, version: string, on: int, fn: int, as: int, of: int, from: int, import: int }\nconst dataset = model.type.version',
    'step of(on: int, failure: string = "none") -> (from: int, as: string) { run: "x" }\npipeline fn(concurrency: int[], builtin: int = 2) -> (module: int) {\n  let import = of(builtin, failure: "soft")\n  let version = for type in concurrency concurrency 2 => of(type).from\n  return { module: import.from }\n}',
    '/// Doc\n/// on two lines\nstep a(/* p */ x: int /* q */) -> (/* r */) { /* s */ }\n// end',
    '/* first */ /* second */ const x = 1 /* third */\n/* fourth */',
    'const x = [ /* empty */ ]\nconst y = { /* empty */ }\nconst z = f( /* none */ )',
    'const x = a.\n  b\nconst y = - /* neg */ 1',
    // Comments where the rules opened for the next token are still empty, several levels deep,
    // between an operator and its operand, in empty optional parts and after the last token.
    '// first\n/// doc\nmodule a version "1"',
    '/* a */ import { /* none */ } from "x.weft" /* b */\n/// doc\nstep s(/* p */) -> (/* o */) { /* m */ }',
    'const x = /* deep */ a.b(/* arg */ c).d\nconst y = [/* first */ 1, /* second */ -2, /* last */]\nconst z = { /* f */ a: /* v */ { /* e */ } }',
    'const a = /* l */ x /* o */ * /* r */ (/* in */ y + /* p */ z) - /* n */ -w /// end\nconst b = /* r */ x /* i */ in /* lo */ 1 /* d */ .. /* hi */ n * 2',
    'type T = /* a */ { /* b */ x /* c */ ? /* d */ : /* e */ int /* f */ [ /* g */ ] /* h */ ? /* i */ | /* j */ "s" }\ntype U = Tensor</* t */ f32, [/* none */]>\ntype V = Tensor<f32, [/* w */ _, /* n */ n * /* m */ 2]>',
    'step s(a: int = /* d */ 1 + /* e */ 2 * /* f */ 3) {\n  /// doc\n  where /* w */ a > 0\n  res /* k */ { /* i */ }\n}\npipeline p() {\n  /// doc\n  let x = /* c */ s(a: /* v */ 1)\n  let y = /* f */ for /* v */ i in /* it */ xs => /* call */ s(i)\n  when /* c */ a { /* e */ } else { /* e */ }\n}\n/* after */\n// the end',
];

function compare(fast: ParseResult, langium: ParseResult): string[] {
    return new ParseComparison().compare(fast, langium);
}

/** Compares two parse results: AST, CST and how they point at each other. */
class ParseComparison {
    private readonly differences: string[] = [];
    /** Node of the first result → the node of the second at the same place. */
    private readonly astNodes = new Map<object, object>();
    private readonly cstNodes = new Map<object, object>();
    /** Links to check once both trees are walked: `first` must correspond to `second`. */
    private readonly links: { first: unknown; second: unknown; path: string; kind: 'ast' | 'cst' }[] = [];

    compare(first: ParseResult, second: ParseResult): string[] {
        this.expect(first.lexerErrors.length === second.lexerErrors.length, 'lexerErrors', 'lexer errors differ');
        this.expect(first.parserErrors.length === second.parserErrors.length, 'parserErrors', 'parser errors differ');
        this.expect(Object.keys(first).join() === Object.keys(second).join(), 'result', `keys ${Object.keys(first)} vs ${Object.keys(second)}`);
        this.expect(JSON.stringify(first.lexerReport) === JSON.stringify(second.lexerReport), 'lexerReport', 'lexer reports differ');
        this.cst(first.value.$cstNode, second.value.$cstNode, 'cst');
        this.ast(first.value, second.value, 'value');
        for (const { first: a, second: b, path, kind } of this.links) {
            const map = kind === 'ast' ? this.astNodes : this.cstNodes;
            const mapped = a === undefined || a === null ? a : map.get(a as object);
            this.expect(mapped === b, path, `points at a different ${kind} node`);
        }
        return this.differences;
    }

    private expect(condition: boolean, path: string, message: string): void {
        if (!condition && this.differences.length < 20) this.differences.push(`${path}: ${message}`);
    }

    private cst(a: CstNode | undefined, b: CstNode | undefined, path: string): void {
        if (a === undefined || b === undefined) {
            this.expect(a === b, path, 'a CST node on one side only');
            return;
        }
        this.cstNodes.set(a, b);
        this.expect(a.constructor === b.constructor, path, `${a.constructor.name} vs ${b.constructor.name}`);
        const keys = Object.keys(a);
        this.expect(keys.join() === Object.keys(b).join(), path, `properties ${keys} vs ${Object.keys(b)}`);
        const x = a as unknown as Record<string, unknown>;
        const y = b as unknown as Record<string, unknown>;
        for (const key of keys) {
            const here = `${path}.${key}`;
            if (key === 'content') continue;
            if (key === 'container') this.links.push({ first: x[key], second: y[key], path: here, kind: 'cst' });
            else if (key === '_astNode') this.links.push({ first: x[key], second: y[key], path: here, kind: 'ast' });
            else if (key === '_rangeCache') this.expect(JSON.stringify(x[key]) === JSON.stringify(y[key]), here, 'range caches differ');
            else this.expect(x[key] === y[key], here, `${String(x[key])} vs ${String(y[key])}`);
        }
        this.expect(a.offset === b.offset && a.length === b.length && a.end === b.end, path, `at ${a.offset}+${a.length} vs ${b.offset}+${b.length}`);
        this.expect(JSON.stringify(a.range) === JSON.stringify(b.range), path, `range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`);
        this.expect(a.hidden === b.hidden, path, 'hidden differs');
        this.expect(a.text === b.text, path, 'text differs');
        this.expect(a.grammarSource === b.grammarSource, path, `grammar source ${describeElement(a.grammarSource)} vs ${describeElement(b.grammarSource)}`);
        this.links.push({ first: safeAstNode(a), second: safeAstNode(b), path: `${path}.astNode`, kind: 'ast' });
        if ('fullText' in a) this.expect(a.fullText === (b as { fullText?: string }).fullText, path, 'full text differs');
        if ('content' in a && 'content' in b) {
            const content = a.content as CstNode[];
            const other = b.content as CstNode[];
            this.expect(content.length === other.length, path, `${content.length} vs ${other.length} children`);
            for (let i = 0; i < Math.min(content.length, other.length); i++) this.cst(content[i], other[i], `${path}[${i}]`);
        }
    }

    private ast(a: AstNode, b: AstNode, path: string): void {
        this.astNodes.set(a, b);
        const keys = Object.keys(a);
        this.expect(keys.join() === Object.keys(b).join(), path, `properties ${keys} vs ${Object.keys(b)}`);
        const x = a as unknown as Record<string, unknown>;
        const y = b as unknown as Record<string, unknown>;
        for (const key of keys) {
            const here = `${path}.${key}`;
            if (key === '$container') this.links.push({ first: x[key], second: y[key], path: here, kind: 'ast' });
            else if (key === '$cstNode') this.links.push({ first: x[key], second: y[key], path: here, kind: 'cst' });
            else this.value(x[key], y[key], here);
        }
    }

    private value(a: unknown, b: unknown, path: string): void {
        if (Array.isArray(a) && Array.isArray(b)) {
            this.expect(a.length === b.length, path, `${a.length} vs ${b.length} items`);
            for (let i = 0; i < Math.min(a.length, b.length); i++) this.value(a[i], b[i], `${path}[${i}]`);
        } else if (isNode(a) && isNode(b)) {
            this.ast(a, b, path);
        } else if (isReference(a) && isReference(b)) {
            // Not `ref`: that would link. What the parser gave the reference is its own properties.
            const x = a as unknown as Record<string, unknown>;
            const y = b as unknown as Record<string, unknown>;
            this.expect(Object.keys(x).join() === Object.keys(y).join(), path, `reference properties ${Object.keys(x)} vs ${Object.keys(y)}`);
            for (const key of Object.keys(x)) {
                if (key === '$refNode') this.links.push({ first: x[key], second: y[key], path: `${path}.${key}`, kind: 'cst' });
                else if (key === 'node') this.links.push({ first: x[key], second: y[key], path: `${path}.${key}`, kind: 'ast' });
                else this.expect(x[key] === y[key], `${path}.${key}`, `${String(x[key])} vs ${String(y[key])}`);
            }
        } else {
            this.expect(a === b && typeof a === typeof b, path, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        }
    }
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as AstNode).$type === 'string';
}

function isReference(value: unknown): boolean {
    return typeof value === 'object' && value !== null && '$refText' in value;
}

function safeAstNode(node: CstNode): AstNode | undefined {
    try {
        return node.astNode;
    } catch {
        return undefined;
    }
}

function describeElement(element: GrammarAST.AbstractElement | undefined): string {
    if (element === undefined) return 'none';
    const rule = (function ruleOf(e: { $container?: unknown; $type: string; name?: string }): string {
        return GrammarAST.isAbstractRule(e) ? e.name! : e.$container ? ruleOf(e.$container as never) : '?';
    })(element);
    return `${element.$type}${GrammarAST.isKeyword(element) ? ` '${element.value}'` : ''} in ${rule}`;
}

function hasErrors(result: ParseResult): boolean {
    return result.lexerErrors.length > 0 || result.parserErrors.length > 0;
}

/** Parses both ways: Langium's result and the fast path's (`undefined` when it gives up). */
function both(text: string): { fast: ParseResult | undefined; langium: ParseResult } {
    return { fast: parser.parseFast(text), langium: parser.parseWithLangium(text) };
}

describe('the fast parser builds exactly what Langium builds', () => {
    test('every .weft file of the repository, the built-ins and generated workloads', () => {
        let compared = 0;
        let errors = 0;
        for (const [name, text] of corpus()) {
            const { fast, langium } = both(text);
            if (hasErrors(langium)) {
                errors++;
                expect(fast, `${name}: Langium finds an error, the fast parser must give up`).toBeUndefined();
                continue;
            }
            expect(fast, `${name}: the fast parser gives up on a document without errors`).toBeDefined();
            expect(compare(fast!, langium), name).toEqual([]);
            compared++;
        }
        expect(compared).toBeGreaterThan(100);
        expect(errors).toBeGreaterThan(5);
    });

    test.each(snippets.map((text, index) => [index, text]))('snippet %i', (_index, text) => {
        const { fast, langium } = both(text);
        expect(langium.lexerErrors).toEqual([]);
        expect(langium.parserErrors.map(error => error.message)).toEqual([]);
        expect(fast, 'the fast parser gives up').toBeDefined();
        expect(compare(fast!, langium)).toEqual([]);
    });

    test('every prefix of an example file, cut at a token boundary: the same result or, on an error, giving up', () => {
        const text = readFileSync(join(repository, 'examples/text-classifier/sentiment.weft'), 'utf8');
        const cuts = new Set([0, text.length]);
        for (const token of services.parser.Lexer.tokenize(text).tokens) cuts.add(token.startOffset).add(token.endOffset! + 1);
        let valid = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
            const prefix = text.slice(0, cut);
            const { fast, langium } = both(prefix);
            if (hasErrors(langium)) {
                expect(fast, `prefix of ${cut} characters has an error`).toBeUndefined();
            } else {
                expect(fast, `prefix of ${cut} characters`).toBeDefined();
                expect(compare(fast!, langium), `prefix of ${cut} characters`).toEqual([]);
                valid++;
            }
        }
        expect(cuts.size).toBeGreaterThan(200);
        expect(valid).toBeGreaterThan(5);
    });

    test('documents with syntax errors make it give up', () => {
        const broken = [
            'const x = ', 'const x = 1 +', 'type = int', 'step s( {}', 'pipeline p() { let x = }', 'const x = "unterminated',
            'const x = 1 $', 'module a', 'import { a b } from "x"', 'const x = (1', 'target t: cloud {}', 'const x = 1..2 in 3',
            'pipeline p() { on failure x {} }', 'type T = Tensor<f32, [1,]>', 'builtin fn f(a: int,): int', 'const a = 1 const',
        ];
        for (const text of broken) {
            const { fast, langium } = both(text);
            expect(hasErrors(langium), text).toBe(true);
            expect(fast, text).toBeUndefined();
        }
    });
});

describe('the comparison finds differences', () => {
    const text = 'const x = 1 + 2 * y // note\nstep s(a: int) { run: "x" }\n';

    test('two parses of one document by Langium are the same', () => {
        expect(compare(parser.parseWithLangium(text), parser.parseWithLangium(text))).toEqual([]);
    });

    test('a different document, value or comment', () => {
        expect(compare(parser.parseWithLangium(text), parser.parseWithLangium(text.replace('2', '3')))).not.toEqual([]);
        expect(compare(parser.parseWithLangium(text), parser.parseWithLangium(text.replace('// note', '/* note */')))).not.toEqual([]);
        expect(compare(parser.parseWithLangium(text), parser.parseWithLangium(text.replace('+', '-')))).not.toEqual([]);
    });

    test('a property in another order, another grammar element, a moved comment, a lost back link', () => {
        const mutations: ((result: ParseResult) => void)[] = [
            result => {
                const step = (result.value as unknown as { declarations: Record<string, unknown>[] }).declarations[1]!;
                const name = step.name;
                delete step.name;
                step.name = name;
            },
            result => {
                const leaf = firstLeaf(result.value.$cstNode!, '1');
                (leaf as { grammarSource?: unknown }).grammarSource = firstLeaf(result.value.$cstNode!, 'y').grammarSource;
            },
            result => {
                const root = result.value.$cstNode as unknown as { content: CstNode[] };
                const comment = root.content.flatMap(function leaves(node: CstNode): CstNode[] {
                    return 'content' in node ? (node.content as CstNode[]).flatMap(leaves) : [node];
                }).find(node => node.hidden)!;
                const parent = comment.container as unknown as { content: CstNode[] };
                parent.content.splice(parent.content.indexOf(comment), 1);
                root.content.push(comment);
            },
            result => {
                const declaration = (result.value as unknown as { declarations: AstNode[] }).declarations[0]!;
                (declaration.$cstNode as { astNode?: unknown })['_astNode' as 'astNode'] = undefined;
            },
        ];
        for (const [index, mutate] of mutations.entries()) {
            const mutated = parser.parseWithLangium(text);
            mutate(mutated);
            expect(compare(mutated, parser.parseWithLangium(text)), `mutation ${index}`).not.toEqual([]);
        }
    });
});

function firstLeaf(node: CstNode, text: string): CstNode {
    if (!('content' in node)) return node.text === text ? node : (undefined as never);
    for (const child of node.content as CstNode[]) {
        const found = firstLeaf(child, text);
        if (found !== undefined) return found;
    }
    return undefined as never;
}

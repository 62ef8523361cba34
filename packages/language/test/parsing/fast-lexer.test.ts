import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { IToken, TokenType } from 'chevrotain';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { BUILTINS_SOURCE } from '../../src/builtins/builtin-source.js';
import { cannotLex, FastLexer } from '../../src/parsing/fast-lexer.js';
import { createWeftServices } from '../../src/weft-module.js';
import { parseMarkedSource } from '../conformance/markers.js';
import { repository, weftFiles } from './repository-files.js';
// @ts-expect-error: a plain script of the benchmark, without type declarations
import { multiFileWorkspace, singleFilePipeline } from '../../../../scripts/bench/generate.mjs';
import { seededRandom } from '../seeded-random.js';

// The differential test of the fast parser's lexer (src/parsing/fast-lexer.ts): wherever it lexes
// a text, its tokens and comments must be Chevrotain's, field for field; where it gives up, the
// text must be one it is allowed to give up on (Chevrotain finds an error, or the text has an
// unterminated string or comment, or a character beyond ASCII outside strings and comments).

const services = createWeftServices(EmptyFileSystem).Weft;
const chevrotain = services.parser.Lexer;
const definition = chevrotain.definition as Record<string, TokenType>;
const lexer = new FastLexer(definition);

interface Lexed {
    readonly tokens: IToken[];
    readonly hidden: IToken[];
}

/** The fast lexer's tokens and comments, `undefined` where it gives up. Checks its lookahead on the way. */
function fastLex(text: string): Lexed | undefined {
    const tokens: IToken[] = [];
    /** Tokens seen by looking ahead, by the index they must come at. */
    const peeked = new Map<number, IToken | undefined>();
    try {
        lexer.reset(text);
        for (let index = 0; ; index++) {
            // Look ahead in varying patterns, as the parser does, and check later that the same tokens come.
            if (index % 3 === 1) peeked.set(index + 1, lexer.peek(1));
            if (index % 5 === 2) peeked.set(index + 2, lexer.peek(2));
            const current = lexer.peek(0);
            if (peeked.has(index) && peeked.get(index) !== current) throw new Error(`token ${index} is not the one looked ahead at`);
            if (current === undefined) break;
            if (lexer.advance() !== current) throw new Error(`token ${index} is not the current one`);
            tokens.push(current);
        }
        return { tokens, hidden: lexer.hidden };
    } catch (error) {
        if (error === cannotLex) return undefined;
        throw error;
    } finally {
        lexer.clear();
    }
}

/** Why the fast lexer may give up on a text that Chevrotain lexes as `lexed`, or `undefined` when it may not. */
function reasonToGiveUp(text: string, lexed: ReturnType<typeof chevrotain.tokenize>): string | undefined {
    if (lexed.errors.length > 0) return 'Chevrotain finds an error';
    const tokens = lexed.tokens;
    if (tokens.some(token => token.tokenType.name === 'UNTERMINATED_STRING')) return 'an unterminated string';
    // An unterminated `/*` lexes as `/` and `*`.
    if (tokens.some((token, i) => token.image === '/' && tokens[i + 1]?.image === '*' && tokens[i + 1]!.startOffset === token.startOffset + 1)) return 'an unterminated comment';
    const inside = new Uint8Array(text.length);
    for (const token of [...tokens.filter(token => token.tokenType.name === 'STRING'), ...lexed.hidden]) inside.fill(1, token.startOffset, token.endOffset! + 1);
    for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) >= 128 && inside[i] === 0) return 'a character beyond ASCII outside strings and comments';
    }
    return undefined;
}

const fields = ['image', 'startOffset', 'endOffset', 'startLine', 'endLine', 'startColumn', 'endColumn', 'tokenTypeIdx', 'tokenType'] as const;

/** The differences between two token lists, field by field (at most a few). */
function differences(ours: IToken[], theirs: IToken[], what: string): string[] {
    const found: string[] = [];
    if (ours.length !== theirs.length) found.push(`${what}: ${ours.length} vs ${theirs.length}`);
    for (let i = 0; i < Math.min(ours.length, theirs.length) && found.length < 5; i++) {
        const [a, b] = [ours[i]!, theirs[i]!];
        if (Object.keys(a).join() !== Object.keys(b).join()) found.push(`${what}[${i}]: properties ${Object.keys(a)} vs ${Object.keys(b)}`);
        for (const field of fields) {
            if (a[field] !== b[field]) found.push(`${what}[${i}] ${JSON.stringify(b.image)}: ${field} ${show(a[field])} vs ${show(b[field])}`);
        }
    }
    return found;
}

function show(value: unknown): string {
    return typeof value === 'object' && value !== null ? (value as TokenType).name : JSON.stringify(value);
}

type Outcome = { lexed: true } | { lexed: false; reason: string };

/** Lexes `text` both ways and checks them against each other. */
function check(text: string, name = JSON.stringify(text)): Outcome {
    const theirs = chevrotain.tokenize(text);
    const ours = fastLex(text);
    if (ours === undefined) {
        // Giving up is never wrong, but only these reasons are expected: elsewhere the fast path would be lost.
        const reason = reasonToGiveUp(text, theirs);
        expect(reason, `${name}: the fast lexer gives up`).toBeDefined();
        return { lexed: false, reason: reason! };
    }
    expect(theirs.errors, `${name}: Chevrotain finds errors, the fast lexer none`).toEqual([]);
    expect([...differences(ours.tokens, theirs.tokens, 'tokens'), ...differences(ours.hidden, theirs.hidden, 'hidden')], name).toEqual([]);
    return { lexed: true };
}

function expectLexed(text: string, name?: string): void {
    expect(check(text, name), name ?? JSON.stringify(text)).toEqual({ lexed: true });
}

function expectGivesUp(text: string): void {
    expect(check(text).lexed, JSON.stringify(text)).toBe(false);
}

const keywords = Object.values(definition).filter(type => typeof type.PATTERN === 'string').map(type => type.PATTERN as string);

describe('the fast lexer makes exactly the tokens Chevrotain makes', () => {
    test('every .weft file of the repository: lexed, but for the syntax error cases about tokens', () => {
        let files = 0;
        for (const path of weftFiles(repository)) {
            const name = relative(repository, path);
            const source = readFileSync(path, 'utf8');
            // Conformance markers (`»`, `«`) are beyond ASCII: that source may be given up on.
            check(source, name);
            let text = source;
            try {
                text = parseMarkedSource(name, source).text;
            } catch {
                // Not a conformance case.
            }
            // Some syntax error cases are about tokens (`$`, an unterminated string); the rest must be lexed.
            if (name.includes('syntax-error')) check(text, name);
            else expectLexed(text, name);
            files++;
        }
        expect(files).toBeGreaterThan(100);
    });

    test('the built-ins and the generated benchmark workloads are lexed, not given up on', () => {
        expectLexed(BUILTINS_SOURCE, 'builtins.weft');
        const workloads = [...(singleFilePipeline(1000) as Map<string, string>), ...(multiFileWorkspace(20) as Map<string, string>)];
        for (const [file, text] of workloads) {
            if (file.endsWith('.weft')) expectLexed(text, file);
        }
    });

    test('every keyword, alone, glued to names and digits, and as a prefix of a longer word', () => {
        for (const keyword of keywords) {
            expectLexed(keyword);
            expectLexed(` ${keyword} `);
            expectLexed(`${keyword}${keyword}`);
            expectLexed(`a ${keyword} b`);
            expectLexed(`${keyword}x ${keyword}2 ${keyword}_ x${keyword} 2${keyword} _${keyword}`);
            expectLexed(`(${keyword})`);
        }
        expectLexed('models steps2 in_ into inx as1 _ __ _1 a_b Step STEP stepstep on failure of');
        expectLexed('type model = { model: string, type: int, version: string, on: int, fn: int }');
    });

    test('operators, glued in every pair', () => {
        const operators = keywords.filter(keyword => !/^\w+$/.test(keyword));
        for (const a of operators) {
            for (const b of operators) check(`${a}${b}`);
        }
        expectLexed('...->=>==<=>=!=&&||..=!!.a..b a->b a=>b x<y>z a|b||c a<=-1 - -1 !a a%b a*b a/b');
        expectLexed('. .. ... .... 1...2');
    });

    test('numbers, quantities and their neighbours', () => {
        for (const text of [
            '0', '1', '10_000', '1_', '1__2', '1..4', '1...4', '1.5', '1.5.5', '1._5', '1.', '1.e3', '1e3', '1E3', '1e+3', '1e-3', '1e', '1e+',
            '1ex', '1.5e3', '1.5e-3', '1.5E+10', '1.5e', '1.5e+', '1.5_e3', '1_000.000_1', '1e3_0', '1e3s', '1.5e3ms',
            '2Gi', '2Mi', '2Ki', '2Ti', '2K', '2M', '2G', '2T', '500m', '500ms', '1.5h', '3ms', '2d', '10s', '2Mix', '2Gix', '2Kib', '5msx',
            '5m_', '5m2', '5ms.', '5m.a', '1.5Gi', '1_0.5_0Mi', '2Gi*3', '2step', '3in', '1_000ms', '5 ms', '1.5.Gi', '7h.x', '1e3Gi', '2g', '2k',
            '12345678901234567890', '0.0', '00', '0x10', '1a', '1z', '1ms1', '1m1s',
        ]) {
            expectLexed(text);
            expectLexed(`x = ${text} + y`);
            expectLexed(`[${text},${text}]`);
        }
    });

    test('strings, escapes and unterminated strings', () => {
        for (const text of [
            '""', '"a"', '"a b c"', '"\\n"', '"\\""', '"\\\\"', '"\\\\\\""', '"a\\tb"', '"\\u00e9"', '"é ü 中 😀"', '"\\é"', '"a" "b"', '"a""b"',
            '"//not a comment"', '"/* nor this */"', '"\'"', '"\t"', '"\\\t"', '"\u2028"', '"\\ "', 'x"a"y', '"123"', '"a\\\\" b',
        ]) {
            expectLexed(text);
            expectLexed(`key: ${text},`);
        }
        for (const text of [
            '"', '"abc', '"abc\nd"', '"abc\r\n"', '"a\\"', '"a\\', '"a\\\nb"', '"a\\\rb"', '"a\\\u2028b"', '"a\\\u2029b"', 'x = "abc\ny = 1',
            '"a\rb"', '"\\\\\\"', '"a\\\\"b"',
        ]) {
            expectGivesUp(text);
        }
    });

    test('comments of every kind', () => {
        for (const text of [
            '// a', '//', '///', '/// doc', '////', '//// four', '/**/', '/* a */', '/***/', '/* * / */', '/* // */', '/* /* */', '/*\n*/',
            '/* a\nb\n  c */', '/* a\r\nb */', '/* a\rb */', '/* a\n\r b */', '/* \n */ x', 'a /* b */ c', 'a // b\nc', 'a /// b\r\nc',
            '/// é ü 中 😀', '/* é\n中 */ x', '// x\u2028y\nz', '/* x\u2028y */ z', '/* a */ /* b */\n/* c\n */ x // d', 'a//b', 'a/b', 'a/*b*/c',
            '/ /', '/', 'a / b', '*/', 'x */ y', '/*/ */', '//\r\n//\r//\n',
        ]) {
            expectLexed(text);
        }
        for (const text of ['/*', '/* a', '/*/', '/* a *', 'x /* a\nb', '/*\n']) expectGivesUp(text);
    });

    test('line ends, tabs and other whitespace', () => {
        for (const text of [
            '', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r\n\n', 'a\nb', 'a\r\nb', 'a\rb', 'a\n\rb', 'a\r\r\nb', '\ta\t\tb', 'a\u000bb', 'a\u000cb',
            'a\n', 'a\r', 'a\r\n', '\n\n\na', 'x = 1\r\ny = "s"\r\n// c\r\n/* d\r\n e */\r\nz', 'step s() {\r  run: "x"\r}\r', '  \t \n \t x',
        ]) {
            expectLexed(text);
        }
    });

    test('characters it gives up on', () => {
        for (const text of [
            '$', '#', '@', '&', 'a & b', '^', '~', '`', '\\', "'", ';', 'a;', '\u0000', '\u0001', '\u007f', 'é', 'aé', 'a é', '\u00a0', 'a\u00a0b',
            '\u2028', 'a\u2029b', '\ufeffa', '😀', '»x«', 'x = 1 $',
        ]) {
            expectGivesUp(text);
        }
    });

    // Pieces of texts for the random tests: tokens of every kind and near misses, and the ones to
    // give up on. Pieces that start or end with `/` or `*` are spaced: glued, a `/` and a `*` would
    // start an unterminated comment.
    const wellFormed = [
        ...keywords, 'a', 'x1', '_', '_a', 'models', 'steps2', 'inx', 'Gi', 'ms', 'e', 'E', 'e3', 'K',
        '0', '1', '42', '1_0', '1.5', '1e3', '1.5e-3', '2Gi', '500m', '3ms', '1..4', '2Mix', '.', '..', '_1',
        '"s"', '"a\\"b"', '"\\\\"', '"é"', '//c', '///d', '/*e*/', '/*\nf*/', '/* é\r\n */', '*/',
        ' ', ' ', ' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '\u000b', '\u000c',
    ].map(piece => (/^[/*]|[/*]$/.test(piece) ? ` ${piece} ` : piece));
    const illFormed = ['"', '\\', '"a', '/*', '$', '\u00a0', 'é'];

    /** `count` texts of up to `length` pieces each, from `piece`. */
    function texts(seed: number, count: number, length: number, piece: (next: () => number) => string): string[] {
        const next = seededRandom(seed);
        return Array.from({ length: count }, () => {
            let text = '';
            for (let k = Math.floor(next() * length); k >= 0; k--) text += piece(next);
            return text;
        });
    }

    const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

    test('seeded random texts of well-formed tokens are all lexed', () => {
        for (const text of texts(1, 3000, 40, next => pick(next, wellFormed) + (next() < 0.5 ? ' ' : ''))) expectLexed(text);
        for (const text of texts(2, 3000, 40, next => pick(next, wellFormed))) expectLexed(text);
    });

    test('seeded random texts of tokens and any characters: lexed, or given up on for a reason', () => {
        const character = (next: () => number) => String.fromCharCode(next() < 0.95 ? Math.floor(next() * 128) : pick(next, [0xe9, 0xa0, 0x2028, 0x2029, 0xfeff, 0xd83d]));
        const piece = (next: () => number) => {
            const roll = next();
            return roll < 0.03 ? character(next) : roll < 0.06 ? pick(next, illFormed) : pick(next, wellFormed) + (next() < 0.4 ? ' ' : '');
        };
        let lexed = 0;
        const reasons = new Set<string>();
        for (const text of texts(3, 4000, 30, piece)) {
            const outcome = check(text);
            if (outcome.lexed) lexed++;
            else reasons.add(outcome.reason);
        }
        // Enough of both: most texts are lexed and compared, and every reason to give up is met.
        expect(lexed).toBeGreaterThan(2000);
        expect([...reasons].sort()).toEqual([
            'Chevrotain finds an error', 'a character beyond ASCII outside strings and comments', 'an unterminated comment', 'an unterminated string',
        ]);
    });

    test('seeded random texts of the characters that decide between tokens', () => {
        const alphabet = [...'019_.eE+-KMGTimsdhxa"\\/*<=>!&| \n\r\t', '\u2028', 'é'];
        let lexed = 0;
        for (const text of texts(4, 20000, 12, next => pick(next, alphabet))) {
            if (check(text).lexed) lexed++;
        }
        expect(lexed).toBeGreaterThan(5000);
    });

    test('a vocabulary it does not implement is refused', () => {
        const changed = (name: string, change: Partial<TokenType>) => ({ ...definition, [name]: { ...definition[name]!, ...change } });
        expect(() => new FastLexer(changed('INT', { PATTERN: /[0-9]+/ }))).toThrow(/does not implement/);
        expect(() => new FastLexer(changed('step', { LONGER_ALT: [] }))).toThrow(/does not implement/);
        expect(() => new FastLexer(changed('/', { LONGER_ALT: [definition.SL_COMMENT!] }))).toThrow(/does not implement/);
        expect(() => new FastLexer({ '#1': { name: '#1', PATTERN: '#1' } as TokenType, ...definition })).toThrow(/does not implement/);
        expect(() => new FastLexer({ ...definition, '#': { name: '#', PATTERN: '#' } as TokenType })).toThrow(/does not implement/);
    });
});

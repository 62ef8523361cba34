import { type LangiumDocument, URI } from 'langium';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createWeftNodeServices, loadWorkspace } from '../../src/node/workspace-loader.js';
import { MAX_CHAIN, MAX_NESTING, MAX_SOURCE_BYTES, sourceLimitViolation } from '../../src/parsing/source-limits.js';
import type { WeftParser } from '../../src/parsing/weft-parser.js';

// The limits of parsing/source-limits.ts, through the real services: a text past one is not
// parsed and gets exactly one diagnostic; a text just under it is parsed and checked as usual.
const folder = mkdtempSync(path.join(tmpdir(), 'weft-limits-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function check(text: string, name = 'limits.weft'): Promise<LangiumDocument> {
    const services = createWeftNodeServices();
    const document = services.shared.workspace.LangiumDocuments.createDocument(URI.file(path.join(folder, name)), text);
    await services.shared.workspace.DocumentBuilder.build([services.builtins.Builtins.document, document], { validation: true });
    return document;
}

const summary = (document: LangiumDocument) => (document.diagnostics ?? []).map(diagnostic =>
    `${diagnostic.code} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}-${diagnostic.range.end.line + 1}:${diagnostic.range.end.character + 1}`);

describe('too-deep', () => {
    test('the first operator past the chain limit, on a later line, is the one diagnostic; nothing is parsed', async () => {
        // `const x = 1` then 100 lines of ten `+ 1`: the 1,001st operator opens line 103.
        const lines = ['// a long sum', 'const x = 1', ...Array.from({ length: MAX_CHAIN / 10 }, () => '  + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1'), '  + 1'];
        const document = await check(lines.join('\n') + '\n');
        expect(summary(document)).toEqual(['too-deep 103:3-103:4']);
        expect(document.diagnostics![0]!.message).toBe('Nested too deeply: more than 1,000 operators in one expression (the limit); split it with `let`s or `const`s.');
        expect(document.parseResult.value).toMatchObject({ declarations: [] });
    });

    test('exactly the chain limit checks clean, unary and member chains count too', async () => {
        expect(summary(await check(`const x = 1${' + 1'.repeat(MAX_CHAIN)}\n`))).toEqual([]);
        expect(summary(await check(`const x = ${'- 1 + '.repeat(MAX_CHAIN / 2)}1\n`))).toEqual([]);
        expect(summary(await check(`const x = ${'- 1 + '.repeat(MAX_CHAIN / 2)}-1\n`))).toEqual([`too-deep 1:${11 + 3 * MAX_CHAIN}-1:${12 + 3 * MAX_CHAIN}`]);
        expect(summary(await check(`const a = 1\nconst x = a${'.b'.repeat(MAX_CHAIN + 1)}\n`))).toEqual([`too-deep 2:${12 + 2 * MAX_CHAIN}-2:${13 + 2 * MAX_CHAIN}`]);
        expect(summary(await check(`type T = int${'[]'.repeat(MAX_CHAIN + 1)}\n`))).toEqual([`too-deep 1:${13 + 2 * MAX_CHAIN}-1:${14 + 2 * MAX_CHAIN}`]);
    });

    test('brackets: the limit is clean, one more is the diagnostic on that bracket', async () => {
        expect(summary(await check(`const x = ${'{ a: '.repeat(MAX_NESTING)}1${' }'.repeat(MAX_NESTING)}\n`))).toEqual([]);
        expect(summary(await check(`const x = ${'('.repeat(MAX_NESTING + 1)}1${')'.repeat(MAX_NESTING + 1)}\n`)))
            .toEqual([`too-deep 1:${11 + MAX_NESTING}-1:${12 + MAX_NESTING}`]);
        const document = await check(`const x = ${'['.repeat(5000)}\n`);
        expect(document.diagnostics![0]!.message).toBe('Nested too deeply: more than 50 brackets open at once (the limit); split it with `let`s or `const`s.');
    });

    test('prefix operators and type arguments are levels, like brackets: the limit is clean, one more is the diagnostic', async () => {
        // Langium's parsers recurse into each; at 84 levels they overflowed the stack.
        const cases: [string, (n: number) => string, number][] = [
            ['prefix operators', n => `const x = ${'-'.repeat(n)}1\n`, 11],
            ['prefix operators and brackets', n => `const x = ${'!('.repeat(n / 2)}true${')'.repeat(n / 2)}\n`, 12],
            ['type arguments', n => `type T = ${'List<'.repeat(n)}int${'>'.repeat(n)}\n`, 14],
            ['type arguments after commas', n => `type T = ${'Map<int, '.repeat(n)}int${'>'.repeat(n)}\n`, 13],
        ];
        for (const [what, make, column] of cases) {
            expect(summary(await check(make(MAX_NESTING))).filter(found => found.startsWith('too-deep')), what).toEqual([]);
            const deeper = make(MAX_NESTING + 2);
            const document = await check(deeper);
            const offset = sourceLimitViolation(deeper)!.offset;
            expect(summary(document), what).toEqual([`too-deep 1:${offset + 1}-1:${offset + 2}`]);
            expect(offset, what).toBeGreaterThanOrEqual(column + MAX_NESTING - 4);
            expect(document.diagnostics![0]!.message).toBe(
                'Nested too deeply: more than 50 brackets, prefix operators and type arguments open at once (the limit); split it with `let`s or `const`s.');
        }
    });

    test('levels close where the parser returns: after the operand, at `>`, at the end of the expression', () => {
        const many = (line: (k: number) => string) => Array.from({ length: 3 * MAX_NESTING }, (_, k) => line(k)).join('\n') + '\n';
        expect(sourceLimitViolation(`const x = ${Array.from({ length: 3 * MAX_NESTING }, () => '-1').join(' + ')}\n`)).toBeUndefined();
        expect(sourceLimitViolation(many(k => `const c${k} = a < b && !c`))).toBeUndefined();
        expect(sourceLimitViolation(`step s(${Array.from({ length: 3 * MAX_NESTING }, (_, k) => `a${k}: Map<string, List<int>>`).join(', ')})\n`)).toBeUndefined();
    });

    test('at the levels limit, Langium\'s parsers (the document\'s, after a syntax error, and completion\'s) keep their stack', async () => {
        const services = createWeftNodeServices();
        const parser = services.parser.LangiumParser as unknown as WeftParser;
        const shapes = [
            `const x: int = ${'-'.repeat(MAX_NESTING)}1`,
            `const x: int = ${'-('.repeat(MAX_NESTING / 2)}1${')'.repeat(MAX_NESTING / 2)}`,
            `const x = ${'{a: '.repeat(MAX_NESTING)}1${'}'.repeat(MAX_NESTING)}`,
            `const x = ${'f('.repeat(MAX_NESTING)}1${')'.repeat(MAX_NESTING)}`,
            `type T = ${'List<'.repeat(MAX_NESTING)}int${'>'.repeat(MAX_NESTING)}`,
        ];
        for (const shape of shapes) {
            // A syntax error after it sends the text to Langium's parser, which recurses.
            const broken = parser.parse(`${shape}\nconst y = )\n`);
            expect(broken.value.declarations[0]?.$cstNode?.text, shape.slice(0, 30)).toBe(shape);
            // The error is the `)`, not a bracket where a parser out of stack gave up.
            expect(broken.parserErrors.map(error => error.token.image), shape.slice(0, 30)).toEqual([')']);
            expect(() => services.parser.CompletionParser.parse(shape)).not.toThrow();
        }
    });

    test('operators and brackets in strings and comments, and number literals, do not count', async () => {
        const text = [
            `// ${'+ ('.repeat(2 * MAX_CHAIN)}`,
            `/* ${'[ - '.repeat(2 * MAX_CHAIN)} */`,
            `const s = "${'+('.repeat(2 * MAX_CHAIN)}"`,
            `const n = ${Array.from({ length: MAX_CHAIN / 2 }, () => '3e-4').join(' + ')}`,
            '',
        ].join('\n');
        expect(summary(await check(text))).toEqual([]);
    });

    test('20,000 chained terms are refused at once (they took 31 s and 2.6 GB before the limit)', async () => {
        const start = performance.now();
        const document = await check(`const x = 1${' + 1'.repeat(20_000)}\n`);
        expect(summary(document)).toEqual([`too-deep 1:${10 + 4 * MAX_CHAIN + 3}-1:${10 + 4 * MAX_CHAIN + 4}`]);
        expect(performance.now() - start).toBeLessThan(5_000);
    });
});

describe('file-too-large', () => {
    test('a text one byte over the limit (UTF-8, as on disk) gets the diagnostic at 1:1; the limit itself checks clean', async () => {
        // 'é' is two bytes in UTF-8: the text is about half the limit in characters.
        const over = `//${'é'.repeat((MAX_SOURCE_BYTES - 2) / 2)}\n`;
        expect(Buffer.byteLength(over)).toBe(MAX_SOURCE_BYTES + 1);
        const document = await check(over);
        expect(summary(document)).toEqual(['file-too-large 1:1-1:2']);
        expect(document.diagnostics![0]!.message).toBe(
            'This file is larger than 4 MiB (4,194,305 bytes or more), the limit for a .weft file: split it into files that import each other.');
        const at = `// ${'x'.repeat(MAX_SOURCE_BYTES - 4)}\n`;
        expect(Buffer.byteLength(at)).toBe(MAX_SOURCE_BYTES);
        expect(summary(await check(at))).toEqual([]);
    });

    test('a 50 MB file on disk is refused by its size, without being read', async () => {
        const file = path.join(folder, 'huge.weft');
        const fd = openSync(file, 'w');
        ftruncateSync(fd, 50 * 1024 * 1024);
        closeSync(fd);
        const heapBefore = process.memoryUsage().heapUsed;
        const { roots } = await loadWorkspace([file]);
        expect(summary(roots[0]!)).toEqual(['file-too-large 1:1-1:1']);
        expect(roots[0]!.diagnostics![0]!.message).toContain('(52,428,800 bytes or more)');
        // Nothing of it was read: the document's text is empty.
        expect(roots[0]!.textDocument.getText()).toBe('');
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
    });

    test('a file on disk that grows past the limit is refused when it is read again, and checked once it shrinks', async () => {
        const file = path.join(folder, 'growing.weft');
        writeFileSync(file, 'const a = 1\n');
        const { services, roots } = await loadWorkspace([file]);
        const document = roots[0]!;
        expect(summary(document)).toEqual([]);
        const builder = services.shared.workspace.DocumentBuilder;
        const big = openSync(file, 'w');
        ftruncateSync(big, MAX_SOURCE_BYTES + 1);
        closeSync(big);
        await builder.update([document.uri], []);
        expect(summary(document)).toEqual(['file-too-large 1:1-1:1']);
        expect(document.textDocument.getText()).toBe('');
        writeFileSync(file, 'const a = 1\nconst b = a + 1\n');
        await builder.update([document.uri], []);
        expect(summary(document)).toEqual([]);
        expect(document.parseResult.value).toMatchObject({ declarations: [{ name: 'a' }, { name: 'b' }] });
    });

    test('a file on disk one byte over the limit is refused, one at the limit is checked', async () => {
        const over = path.join(folder, 'over.weft');
        writeFileSync(over, `//${'x'.repeat(MAX_SOURCE_BYTES - 2)}\n`);
        const at = path.join(folder, 'at.weft');
        writeFileSync(at, `//${'x'.repeat(MAX_SOURCE_BYTES - 3)}\n`);
        const { roots } = await loadWorkspace([over, at]);
        expect(roots.map(root => [path.basename(root.uri.fsPath), summary(root)])).toEqual([['at.weft', []], ['over.weft', ['file-too-large 1:1-1:1']]]);
    });
});

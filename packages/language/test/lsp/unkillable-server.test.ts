import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CompletionRequest, type Diagnostic, DocumentFormattingRequest, DocumentSymbolRequest, HoverRequest, InlayHintRequest, MessageType,
} from 'vscode-languageserver-protocol';
import { MAX_NESTING } from '../../src/parsing/source-limits.js';
import { TestLanguageClient } from './lsp-client.js';

// The reproductions of issue 25 over the real protocol: input that exhausted the server's stack
// (deep expressions, in the parsers, the linker and completion) or threw `URIError: URI
// malformed` (a lone surrogate in a path). Each gets its diagnostic, every request on it
// answers without an error, and the server stays up.
let workspace: string;
let client: TestLanguageClient;
let exited: string | undefined;

let serverExit: Promise<never>;

beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'weft-lsp-unkillable-'));
    client = await TestLanguageClient.start(workspace);
    serverExit = new Promise<never>((_, reject) => client.process.once('exit', (code, signal) => {
        exited = `exited with ${code ?? signal}`;
        reject(new Error(`the server ${exited}`));
    }));
    // Observed by each wait below; not an unhandled rejection when nothing waits.
    serverExit.catch(() => undefined);
});

afterAll(async () => {
    await client?.stop();
    rmSync(workspace, { recursive: true, force: true });
});

const summary = (diagnostics: Diagnostic[]) => diagnostics.map(diagnostic =>
    `${diagnostic.code} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`);

/** Diagnostics that must be published within 10 s, while the server is up. */
async function published<T>(waiting: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no diagnostics within 10 s')), 10_000); });
    try {
        return await Promise.race([waiting, timeout, serverExit]);
    } finally {
        clearTimeout(timer);
    }
}

/** A request that must answer within 10 s, and not with an error. */
async function ask(method: string, params: object): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${method}: no answer within 10 s`)), 10_000); });
    try {
        return await Promise.race([client.connection.sendRequest(method, params), timeout, serverExit]);
    } finally {
        clearTimeout(timer);
    }
}

/** Completion, hover, document symbols, inlay hints and formatting at `offset` of `text`: all answer. */
async function askEverything(file: string, text: string, offset: number): Promise<void> {
    const textDocument = { uri: client.uriOf(file) };
    const before = text.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
    const lines = text.split('\n').length;
    await ask(CompletionRequest.method, { textDocument, position });
    await ask(HoverRequest.method, { textDocument, position });
    await ask(DocumentSymbolRequest.method, { textDocument });
    await ask(InlayHintRequest.method, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } });
    await ask(DocumentFormattingRequest.method, { textDocument, options: { tabSize: 2, insertSpaces: true } });
    expect(exited).toBeUndefined();
}

let counter = 0;
const fileNamed = (name: string) => path.join(workspace, `${name}-${++counter}.weft`);

describe('deep input', () => {
    test('`const c: int = 1 + 1 + … + 1` with 4,000 terms on open, 5,000 as an edit: one too-deep each, requests answer', async () => {
        const file = fileNamed('chain');
        // The linker's tree walk overflowed on this (the 1,001st `+` is at column 4,018).
        const open = `const c: int = 1${' + 1'.repeat(3999)}\n`;
        expect(summary(await published(client.open(file, open)))).toEqual(['too-deep 1:4018']);
        await askEverything(file, open, open.length - 3);
        await published(client.change(file, 'const c: int = 1 + 1\n', found => found.length === 0));
        // `nestOperationNodes` overflowed on this edit.
        const edited = `const c: int = 1${' + 1'.repeat(4999)}\n`;
        expect(summary(await published(client.change(file, edited, found => found.length > 0)))).toEqual(['too-deep 1:4018']);
        await askEverything(file, edited, edited.length - 3);
    });

    test('2,000 `<` then 2,000 `>` inside a declaration: too-deep at the 51st level', async () => {
        const file = fileNamed('angles');
        const text = `step s(x: ${'List<'.repeat(2000)}int${'>'.repeat(2000)}) {\n  run: "./s.ts#s"\n}\n`;
        // `step s(x: ` is 10 characters, each `List<` 5: with the `(`, the 50th `<` is the 51st level.
        expect(summary(await published(client.open(file, text)))).toEqual([`too-deep 1:${10 + (MAX_NESTING - 1) * 5 + 5}`]);
        await askEverything(file, text, 10 + 1000 * 5);
        const bare = `const c: int = 1 ${'<'.repeat(2000)}${'>'.repeat(2000)}\n`;
        // Only the first `<` follows an operand (the rest nest nothing): the 1,001st operator is the limit.
        expect(summary(await published(client.change(file, bare, found => found.length > 0)))).toEqual(['too-deep 1:1018']);
        await askEverything(file, bare, 17 + 2000);
    });

    test('100 and 1,000 nested brackets and parentheses: too-deep at the 51st, and every request at the deepest point answers', async () => {
        for (const [open, close] of [['[', ']'], ['(', ')'], ['{a: ', '}']] as const) {
            for (const depth of [100, 1000]) {
                const file = fileNamed('brackets');
                const text = `const c = ${open.repeat(depth)}1${close.repeat(depth)}\n`;
                expect(summary(await published(client.open(file, text))), `${depth} ${open}`).toEqual([`too-deep 1:${11 + MAX_NESTING * open.length}`]);
                await askEverything(file, text, 10 + depth * open.length);
            }
        }
    });

    test('at the limit, each kind of level parses and checks, and completion, hover, symbols, inlay hints and formatting answer at the deepest point', async () => {
        // Completion failed with "Maximum call stack size exceeded" on about 100 nested brackets
        // (its parser recurses deeper than the document's).
        const shapes = [
            ['const c = ', '[', '1', ']'], ['const c = ', '{a: ', '1', '}'], ['const c = ', 'f(', '1', ')'], ['const c: int = ', '-(', '1', ')'],
            ['type T = ', 'List<', 'int', '>'], ['const c: int = ', '-', '1', ''], ['const c: bool = ', '!', 'true', ''],
        ] as const;
        for (const [head, open, inner, close] of shapes) {
            const depth = open === '-(' ? MAX_NESTING / 2 : MAX_NESTING;
            const file = fileNamed('limit');
            const text = `${head}${open.repeat(depth)}${inner}${close.repeat(depth)}\n`;
            const diagnostics = await published(client.open(file, text));
            expect(summary(diagnostics).filter(found => found.startsWith('too-deep') || found.startsWith('syntax-error')), open).toEqual([]);
            await askEverything(file, text, head.length + depth * open.length);
            // A syntax error beside it sends the document through Langium's recovering parser.
            const broken = `${text}const d = )\n`;
            const after = await published(client.change(file, broken, found => found.some(d => d.code === 'syntax-error')));
            expect(summary(after).filter(found => !found.startsWith('unknown-reference')), open).toEqual(['syntax-error 2:11']);
            await askEverything(file, broken, head.length + depth * open.length);
        }
    });
    test('at both limits at once: 50 levels, then 1,000 operators inside, checks and answers (the tree walks recurse on operators)', async () => {
        const chains = [' + 1', '.b', '(1)'];
        const levels = [['{a: ', '}'], ['[', ']'], ['-(', ')'], ['f(', ')']] as const;
        for (const chain of chains) {
            for (const [open, close] of levels) {
                // A call's own bracket is one more level while it is open.
                const levelsLeft = MAX_NESTING - (chain === '(1)' ? 1 : 0);
                const depth = open === '-(' ? Math.floor(levelsLeft / 2) : levelsLeft;
                // The operators of the enclosing levels count toward the 1,000 too (a call and a `-` are one).
                const outer = open === 'f(' || open === '-(' ? depth : 0;
                const head = 'const c = ';
                const text = `${head}${open.repeat(depth)}x${chain.repeat(1000 - outer)}${close.repeat(depth)}\n`;
                const file = fileNamed('both');
                const diagnostics = await published(client.open(file, text));
                expect(summary(diagnostics).filter(found => found.startsWith('too-deep') || found.startsWith('syntax-error')), `${open} ${chain}`).toEqual([]);
                await askEverything(file, text, head.length + depth * open.length + 1 + (1000 - outer) * chain.length);
            }
        }
    });
});

describe('lone surrogates in paths', () => {
    test('in a `run:` path: a precise diagnostic on the string, not `URIError: URI malformed`', async () => {
        const file = fileNamed('run');
        const text = 'step s() {\n  run: "./a\uD800.ts#s"\n}\n';
        const diagnostics = await published(client.open(file, text));
        expect(summary(diagnostics)).toEqual(['invalid-member 2:8']);
        expect(diagnostics[0]!.message).toBe(
            '`run` must be "./path.ts#export", but the file before `#` holds a lone UTF-16 surrogate (\\uD800 at character 4), which no file name can hold.');
        await askEverything(file, text, text.indexOf('#'));
    });

    test('in an import path: a precise diagnostic on the path, and the server stays up (it exited before)', async () => {
        const file = fileNamed('import');
        const text = 'import { x } from "./a\uDC00b.weft"\n\nconst y: int = 1\n';
        const diagnostics = await published(client.open(file, text));
        const notFound = diagnostics.filter(diagnostic => diagnostic.code === 'import-not-found');
        expect(summary(notFound)).toEqual(['import-not-found 1:19']);
        expect(notFound[0]!.message).toBe(
            'Cannot import "./a\\uDC00b.weft": the path holds a lone UTF-16 surrogate (\\uDC00 at character 4), which no file name can hold.');
        await askEverything(file, text, text.indexOf('b.weft'));
        // The server loads files that new imports name, after each build: a later build must not throw either.
        await published(client.change(file, `${text}const z: int = 2\n`));
        await askEverything(file, text, text.indexOf('const y'));
    });
});

test('nothing above logged an error', () => {
    expect(client.logged.filter(message => message.type === MessageType.Error).map(message => message.message.slice(0, 200))).toEqual([]);
    expect(exited).toBeUndefined();
});

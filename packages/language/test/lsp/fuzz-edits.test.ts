import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
    CompletionRequest, DidChangeTextDocumentNotification, DocumentFormattingRequest, DocumentSymbolRequest, HoverRequest, InlayHintRequest,
    MessageType,
} from 'vscode-languageserver-protocol';
import { repositoryRoot, TestLanguageClient } from './lsp-client.js';
import { seededRandom } from '../seeded-random.js';

// A seeded fuzz of edits over an example through the real protocol (issue 25): deep nesting,
// huge pastes, random characters, lone surrogates and deletions. After each batch the server is
// alive, publishes diagnostics, and answers every request within 10 s without an error.
const SEED = 25;
const BATCHES = 15;
const EDITS_PER_BATCH = 20;

let workspace: string;
let client: TestLanguageClient;
let exited: string | undefined;

beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'weft-lsp-fuzz-'));
    cpSync(path.join(repositoryRoot, 'examples/text-classifier'), workspace, { recursive: true, filter: source => !source.includes('node_modules') && !source.includes('/data/') });
    client = await TestLanguageClient.start(workspace);
    client.process.once('exit', (code, signal) => { exited = `exited with ${code ?? signal}`; });
});

afterAll(async () => {
    await client?.stop();
    rmSync(workspace, { recursive: true, force: true });
});

const random = seededRandom(SEED);
const below = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;

/** Where the deepest point of the last deep nesting is: requests are asked there too. */
let deepest = 0;

/** One edit of `text`: what it does, and the new text. */
function edit(text: string): [string, string] {
    const at = below(text.length + 1);
    const insert = (inserted: string): string => text.slice(0, at) + inserted + text.slice(at);
    switch (below(8)) {
        case 0: {
            // Under the levels limit, around what overflowed the parsers' stack (84–200), and far past it.
            const depth = pick([20, 45, 90, 150, 2000]);
            const [open, close] = pick([['(', ')'], ['[', ']'], ['{a: ', '}'], ['-', ''], ['List<', '>'], ['f(', ')']]);
            // Often as a whole declaration of its own, so that the rest of the text does not hide it.
            const own = random() < 0.5;
            const start = own ? text.length : at;
            const nested = `${open.repeat(depth)}1${random() < 0.5 ? close.repeat(depth) : ''}`;
            const inserted = own ? `\nconst deep = ${nested}\n` : nested;
            deepest = start + (own ? 14 : 0) + open.length * depth;
            return [`nesting ${depth} ${open}${own ? ' (own declaration)' : ''}`, text.slice(0, start) + inserted + text.slice(start)];
        }
        case 1: {
            const terms = pick([100, 1500, 5000]);
            return [`chain ${terms}`, insert(`1${' + 1'.repeat(terms)}`)];
        }
        case 2: {
            // Rare, and undone by the next paste check: each later edit sends the whole text.
            if (text.length > 1_000_000 || random() < 0.7) return ['small paste', insert('\nconst pasted: int = 1\n')];
            return ['5 MB paste', insert(`\n${Array.from({ length: 200_000 }, (_, k) => `const p${k} = ${k}`).join('\n')}\n`)];
        }
        case 3: {
            const length = 1 + below(40);
            return ['random characters', insert(Array.from({ length }, () => String.fromCharCode(below(0x10000))).join(''))];
        }
        case 4: {
            // An import line where imports go (it took the server down), or anywhere.
            const imports = text.indexOf('\nimport {');
            if (imports >= 0 && random() < 0.5) {
                return ['import with a lone surrogate', `${text.slice(0, imports + 1)}import { x } from "./\uDC00.weft"\n${text.slice(imports + 1)}`];
            }
            return ['lone surrogate', insert(pick(['\uD800', '\uDFFF', '"./a\uD83D.ts#s"', 'run: "./a\uD800.ts#s"']))];
        }
        case 5: {
            const end = Math.min(text.length, at + below(400));
            return ['deletion', text.slice(0, at) + text.slice(end)];
        }
        case 6:
            return ['random ASCII', insert(Array.from({ length: 1 + below(30) }, () => pick([...'(){}[]<>:;,."#=+-*/!|&?\n \tabcxyz019_@\\'])).join(''))];
        default:
            return ['keystroke', insert(pick(['{', '}', '(', ')', '"', '\n', 'let ', 'step ', '.', ':', ' ']))];
    }
}

/** Resolves with `promise`, or fails after 10 s or when the server exits. */
async function within10s<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within 10 s`)), 10_000); });
    const exit = new Promise<never>((_, reject) => client.process.once('exit', () => reject(new Error(`${what}: the server exited`))));
    try {
        return await Promise.race([promise, timeout, exit]);
    } finally {
        clearTimeout(timer);
    }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

test(`${BATCHES * EDITS_PER_BATCH} seeded edits: the server stays up and answers every request without an error`, { timeout: 180_000 }, async () => {
    const file = path.join(workspace, 'sentiment.weft');
    const uri = client.uriOf(file);
    let text = readFileSync(file, 'utf8');
    await client.open(file);
    let version = 1;
    for (let batch = 0; batch < BATCHES; batch++) {
        const done: string[] = [];
        // A huge text stays only for one batch: like an undo, the next batch starts from a small one.
        if (text.length > 1_000_000) text = text.slice(0, 20_000);
        for (let i = 0; i < EDITS_PER_BATCH; i++) {
            const [what, next] = edit(text);
            done.push(what);
            text = next;
            const published = i === EDITS_PER_BATCH - 1 ? client.nextDiagnostics(uri) : undefined;
            await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
            if (published !== undefined) await within10s(`batch ${batch} (${done.join(', ')}): diagnostics`, published);
        }
        const context = `batch ${batch} (${done.join(', ')})`;
        const textDocument = { uri };
        const position = positionAt(text, random() < 0.5 && deepest <= text.length ? deepest : below(text.length + 1));
        const lines = text.split('\n').length;
        await within10s(`${context}: completion`, client.connection.sendRequest(CompletionRequest.type, { textDocument, position }));
        await within10s(`${context}: hover`, client.connection.sendRequest(HoverRequest.type, { textDocument, position }));
        await within10s(`${context}: documentSymbol`, client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }));
        await within10s(`${context}: inlayHint`, client.connection.sendRequest(InlayHintRequest.type, {
            textDocument, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
        }));
        await within10s(`${context}: formatting`, client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options: { tabSize: 2, insertSpaces: true } }));
        expect(exited, context).toBeUndefined();
    }
    expect(client.logged.filter(message => message.type === MessageType.Error).map(message => message.message.slice(0, 300))).toEqual([]);
});

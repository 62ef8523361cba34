import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CompletionRequest, type CompletionList, DidCloseTextDocumentNotification, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { positionOf, repositoryRoot, TestLanguageClient } from './lsp-client.js';

// A 5 MB paste into one file (issue 25: requests on small files went unanswered for 60 s and the
// server grew to 1.3 GB). The file gets one diagnostic and no other work; the small file keeps
// being answered; after the paste is undone and the file closed, the server's memory is back
// near where it started.
let workspace: string;
let client: TestLanguageClient;

beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'weft-lsp-paste-'));
    cpSync(path.join(repositoryRoot, 'examples/text-classifier'), workspace, { recursive: true, filter: source => !source.includes('node_modules') && !source.includes('/data/') });
    client = await TestLanguageClient.start(workspace);
});

afterAll(async () => {
    await client?.stop();
    rmSync(workspace, { recursive: true, force: true });
});

/** The server's resident memory in MB, from /proc. */
const residentMegabytes = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))![1]) / 1024;

/** Resolves with `promise`, or fails after 10 s. */
async function within10s<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000); });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

test('a 5 MB paste: one file-too-large, the small file is answered meanwhile, memory returns after undo and close', { timeout: 120_000 }, async () => {
    const small = path.join(workspace, 'sentiment.weft');
    const smallText = readFileSync(small, 'utf8');
    const smallUri = client.uriOf(small);
    await client.open(small);
    const baseline = residentMegabytes();

    const big = path.join(workspace, 'text.weft');
    const bigText = readFileSync(big, 'utf8');
    await client.open(big);
    // Code, not a comment: 5 MB of declarations.
    const declarations = Array.from({ length: 160_000 }, (_, k) => `const pasted${k}: int = ${k}`).join('\n');
    const pasted = `${bigText}\n${declarations}\n`;
    expect(Buffer.byteLength(pasted)).toBeGreaterThan(5_000_000);
    const diagnostics = await within10s(client.change(big, pasted, found => found.length > 0));
    expect(diagnostics.map(diagnostic => `${diagnostic.code} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`)).toEqual(['file-too-large 1:1']);

    for (let round = 0; round < 3; round++) {
        const hover = await within10s(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: smallUri }, position: positionOf(smallText, 'step train', 5) }));
        expect((hover?.contents as MarkupContent).value).toContain('step train(');
        const completion = await within10s(client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: smallUri }, position: positionOf(smallText, 'let m = ', 8) }));
        expect((completion as CompletionList).items.map(item => item.label)).toContain('train');
    }

    // Undo: the file checks as before.
    await within10s(client.change(big, bigText, found => !found.some(diagnostic => diagnostic.code === 'file-too-large')));
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: client.uriOf(big) } });
    const hover = await within10s(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: smallUri }, position: positionOf(smallText, 'step train', 5) }));
    expect((hover?.contents as MarkupContent).value).toContain('step train(');
    // The garbage collector returns memory when it runs: allow it a few seconds.
    let resident = residentMegabytes();
    for (let wait = 0; wait < 20 && resident > baseline + 60; wait++) {
        await new Promise(resolve => setTimeout(resolve, 500));
        resident = residentMegabytes();
    }
    expect(resident).toBeLessThan(baseline + 60);
});

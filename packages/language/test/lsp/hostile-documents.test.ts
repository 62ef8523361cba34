import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CompletionRequest, type Diagnostic, HoverRequest } from 'vscode-languageserver-protocol';
import { positionOf, TestLanguageClient } from './lsp-client.js';

// Hostile files over the real protocol: each gets its diagnostic, and the server keeps answering
// later requests. Before, `run: "./fifo#x"` froze the server for good, and a deep expression or
// a huge file took it down (stack or heap).
let workspace: string;
let client: TestLanguageClient;

beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'weft-lsp-hostile-'));
    execFileSync('mkfifo', [path.join(workspace, 'fifo.ts')]);
    // A 50 MB .weft file in the workspace, which the server loads when it starts.
    const huge = openSync(path.join(workspace, 'huge.weft'), 'w');
    ftruncateSync(huge, 50 * 1024 * 1024);
    closeSync(huge);
    client = await TestLanguageClient.start(workspace);
});

afterAll(async () => {
    await client?.stop();
    rmSync(workspace, { recursive: true, force: true });
});

const has = (code: string) => (diagnostics: Diagnostic[]) => diagnostics.some(diagnostic => diagnostic.code === code);
const codes = (diagnostics: Diagnostic[]) => diagnostics.map(diagnostic => `${diagnostic.code} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`);

describe('the language server on hostile files', () => {
    test('a FIFO named by `run:` is refused, and the server still answers', async () => {
        const file = path.join(workspace, 'pipeline.weft');
        const text = 'step s() {\n  run: "./fifo.ts#x"\n}\n';
        writeFileSync(file, text);
        const diagnostics = await client.open(file);
        expect(diagnostics.map(diagnostic => diagnostic.message)).toEqual([
            `The implementation file \`./fifo.ts\` cannot be read: ${workspace}/fifo.ts is a FIFO, not a regular file.`,
        ]);
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uriOf(file) }, position: positionOf(text, 'step s', 5) });
        expect(JSON.stringify(hover)).toContain('step s(');
    });

    test('20,000 chained terms, 5,000 open brackets and a 5 MB text get their diagnostic; completion and hover still answer', async () => {
        const deep = path.join(workspace, 'deep.weft');
        const chain = `const x = 1${' + 1'.repeat(20_000)}\n`;
        expect(codes(await client.open(deep, chain))).toEqual(['too-deep 1:4013']);
        const brackets = `const x = ${'('.repeat(5000)}\n`;
        // A later publication for the old text may still come: wait for the new one.
        expect(codes(await client.change(deep, brackets, found => codes(found)[0] === 'too-deep 1:61'))).toEqual(['too-deep 1:61']);
        const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: client.uriOf(deep) }, position: { line: 0, character: 5000 } });
        expect(completion).toBeDefined();
        const large = `// ${'x'.repeat(5 * 1024 * 1024)}\n`;
        expect(codes(await client.change(deep, large, has('file-too-large')))).toEqual(['file-too-large 1:1']);
        const text = 'const y = 1 + 2\n';
        const fixed = await client.change(deep, text, found => found.length === 0);
        expect(codes(fixed)).toEqual([]);
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uriOf(deep) }, position: positionOf(text, 'y') });
        expect(JSON.stringify(hover)).toContain('const y');
    });

    test('a 50 MB file on disk is refused by its size, not read', async () => {
        const huge = path.join(workspace, 'huge.weft');
        // Loaded from disk at startup; its diagnostics are published once the workspace is built.
        const published = client.latestDiagnostics(huge) ?? await client.nextDiagnostics(client.uriOf(huge));
        expect(codes(published)).toEqual(['file-too-large 1:1']);
        expect(published[0]!.message).toContain('(52,428,800 bytes or more)');
    });
});

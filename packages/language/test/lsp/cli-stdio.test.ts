import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { HoverRequest } from 'vscode-languageserver-protocol';
import { positionOf, repositoryRoot, TestLanguageClient } from './lsp-client.js';

// `weft lsp --stdio`, the way other editors (Neovim, Helix) start the server.
describe('weft lsp --stdio', () => {
    test('serves diagnostics and hover over stdin and stdout', async () => {
        const folder = path.join(repositoryRoot, 'examples/retrieval-index');
        const client = await TestLanguageClient.start(folder, [process.execPath, path.join(repositoryRoot, 'packages/cli/bin/weft.js'), 'lsp', '--stdio']);
        try {
            const file = path.join(folder, 'handbook.weft');
            const diagnostics = await client.open(file);
            expect(diagnostics.filter(diagnostic => diagnostic.severity === 1)).toEqual([]);
            const source = (await import('node:fs')).readFileSync(file, 'utf8');
            const name = /^pipeline (\w+)/m.exec(source)![1]!;
            const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uriOf(file) }, position: positionOf(source, `pipeline ${name}`, 9) });
            expect(JSON.stringify(hover)).toContain(`pipeline ${name}(`);
        } finally {
            await client.stop();
        }
    });
});

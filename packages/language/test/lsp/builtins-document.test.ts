import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DefinitionRequest, DidOpenTextDocumentNotification, type LocationLink } from 'vscode-languageserver-protocol';
import { BUILTINS_SCHEME, BUILTINS_SOURCE, BUILTINS_URI } from '../../src/builtins/builtin-source.js';
import { positionOf, repositoryRoot, TestLanguageClient } from './lsp-client.js';

// The built-in library is a document of every workspace; it is the language's, not the user's,
// so the server must never report a problem in it, whichever way its URI is spelled.
describe('the built-in library over the protocol', () => {
    test('no diagnostics at all are published for it: in the workspace build, its solver round, and when an editor opens it', async () => {
        const folder = path.join(repositoryRoot, 'examples/retrieval-index');
        const client = await TestLanguageClient.start(folder);
        try {
            const file = path.join(folder, 'handbook.weft');
            const source = readFileSync(file, 'utf8');
            const uri = client.uriOf(file);
            // The workspace build publishes the fast diagnostics, then the solver's round: wait for both.
            await client.open(file);
            if (client.published.filter(published => published.uri === uri).length < 2) await client.nextDiagnostics(uri);

            // Go to definition hands out the one spelling; an editor then opens that document.
            const definition = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: positionOf(source, 'Dataset<', 2) }) as LocationLink[];
            expect(definition[0]!.targetUri).toBe(BUILTINS_URI);
            const opened = client.nextDiagnostics(BUILTINS_URI);
            await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: BUILTINS_URI, languageId: 'weft', version: 1, text: BUILTINS_SOURCE } });
            expect(await opened).toEqual([]);

            const forBuiltins = client.published.filter(published => published.uri.startsWith(`${BUILTINS_SCHEME}:`));
            expect(forBuiltins.length).toBeGreaterThan(0);
            expect(new Set(forBuiltins.map(published => published.uri))).toEqual(new Set([BUILTINS_URI]));
            expect(forBuiltins.flatMap(published => published.diagnostics)).toEqual([]);
        } finally {
            await client.stop();
        }
    });
});

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { DefinitionRequest, DidOpenTextDocumentNotification, type LocationLink } from 'vscode-languageserver-protocol';
import { BUILTINS_SCHEME, BUILTINS_SOURCE, BUILTINS_URI, isBuiltinUri } from '../../src/builtins/builtin-source.js';
import { createWeftServices } from '../../src/weft-module.js';
import { positionOf, repositoryRoot, TestLanguageClient } from './lsp-client.js';

// The built-in library is a document of every workspace; it is the language's, not the user's,
// so the server must never report a problem in it, whichever way its URI is spelled.
describe('the built-in library\'s URI', () => {
    test('is the one URI.toString() gives, and either spelling names the built-in document, which checks clean', async () => {
        expect(URI.parse(BUILTINS_URI).toString()).toBe(BUILTINS_URI);
        const { shared, Weft } = createWeftServices(EmptyFileSystem);
        const builtins = Weft.builtins.Builtins;
        expect(builtins.document.uri.toString()).toBe(BUILTINS_URI);
        expect(isBuiltinUri(builtins.document.uri)).toBe(true);
        expect(isBuiltinUri(URI.parse('weft-builtin:/builtins.weft'))).toBe(true);
        expect(isBuiltinUri(URI.parse('weft-builtin:///builtins.weft'))).toBe(true);
        expect(isBuiltinUri(URI.parse('weft-builtin:/other.weft'))).toBe(false);
        expect(isBuiltinUri(URI.file('/builtins.weft'))).toBe(false);
        await shared.workspace.DocumentBuilder.build([builtins.document], { validation: true });
        expect(builtins.document.diagnostics).toEqual([]);
    });
});

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

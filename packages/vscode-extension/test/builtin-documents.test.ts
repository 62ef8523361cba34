import { URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { BUILTINS_SOURCE, BUILTINS_URI } from '@weft/language/builtins';
import { BUILTIN_SCHEME, builtinDocumentProvider } from '../src/builtin-documents.js';

describe('the built-in library as a read-only document', () => {
    test('serves the source the server parses at the URI go to definition returns', () => {
        // VS Code hands the provider a parsed Uri; vscode-uri (Langium's URI) parses the same way.
        const uri = URI.parse(BUILTINS_URI);
        expect(uri.scheme).toBe(BUILTIN_SCHEME);
        expect(builtinDocumentProvider.provideTextDocumentContent(uri)).toBe(BUILTINS_SOURCE);
        // The server's locations spell it without the empty authority.
        expect(builtinDocumentProvider.provideTextDocumentContent(URI.parse('weft-builtin:/builtins.weft'))).toBe(BUILTINS_SOURCE);
        expect(BUILTINS_SOURCE).toContain('builtin type Dataset<T>');
    });

    test('serves nothing for another document of the scheme', () => {
        expect(builtinDocumentProvider.provideTextDocumentContent(URI.parse(`${BUILTIN_SCHEME}:///other.weft`))).toBeUndefined();
    });
});

import { URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { BUILTINS_SCHEME, BUILTINS_SOURCE, BUILTINS_URI } from '@weft/language/builtins';
import { builtinDocumentProvider } from '../src/builtin-documents.js';

describe('the built-in library as a read-only document', () => {
    test('serves the source the server parses at the URI go to definition returns', () => {
        // VS Code hands the provider a parsed Uri; vscode-uri (Langium's URI) parses the same way.
        const uri = URI.parse(BUILTINS_URI);
        expect(uri.scheme).toBe(BUILTINS_SCHEME);
        expect(builtinDocumentProvider.provideTextDocumentContent(uri)).toBe(BUILTINS_SOURCE);
        // A client that spells it with the empty authority still gets it.
        expect(builtinDocumentProvider.provideTextDocumentContent(URI.parse('weft-builtin:///builtins.weft'))).toBe(BUILTINS_SOURCE);
        expect(BUILTINS_SOURCE).toContain('builtin type Dataset<T>');
    });

    test('the URI is spelled the way URI.toString() spells it, so it names one document', () => {
        expect(BUILTINS_URI).toBe('weft-builtin:/builtins.weft');
        expect(URI.parse(BUILTINS_URI).toString()).toBe(BUILTINS_URI);
    });

    test('serves nothing for another document of the scheme', () => {
        expect(builtinDocumentProvider.provideTextDocumentContent(URI.parse(`${BUILTINS_SCHEME}:///other.weft`))).toBeUndefined();
    });
});

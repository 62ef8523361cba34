import { describe, expect, test } from 'vitest';
import { readableSyntaxMessage } from '../../src/validation/syntax-messages.js';

describe('syntax error messages', () => {
    test('a missing expression says so instead of listing every token that starts one', () => {
        const alternatives = ['!', '-', 'INT', 'FLOAT', 'QUANTITY', 'STRING', 'true', 'false', '[', '{', 'ID', 'model', 'dataset', '(']
            .map((token, index) => `${index + 1}. [${token}]`).join(' ');
        expect(readableSyntaxMessage(`Expecting: one of these possible Token sequences: ${alternatives} but found: '}'`))
            .toBe('Unexpected `}`: expected an expression.');
    });

    test('other alternatives are listed by their first token, names collapsed', () => {
        expect(readableSyntaxMessage("Expecting: one of these possible Token sequences: 1. [sandbox] 2. [kubernetes] but found: 'docker'"))
            .toBe('Unexpected `docker`: expected one of `sandbox` or `kubernetes`.');
        expect(readableSyntaxMessage("Expecting: one of these possible Token sequences: 1. [ID, :] 2. [model] 3. [where] but found: ''"))
            .toBe('Unexpected the end of the file: expected one of a name or `where`.');
    });

    test('a single expected token reads as a sentence', () => {
        expect(readableSyntaxMessage("Expecting token of type ')' but found `}`.")).toBe('Expected `)` but found `}`.');
        expect(readableSyntaxMessage("Expecting token of type 'ID' but found `(`.")).toBe('Expected a name but found `(`.');
    });

    test('a string without its closing quote says so, a complete one is just unexpected', () => {
        expect(readableSyntaxMessage("Expecting: one of these possible Token sequences: 1. [!] 2. [ID] but found: '\"./steps.ts#train'"))
            .toBe('Unterminated string `"./steps.ts#train`: add the closing `"`.');
        expect(readableSyntaxMessage("Expecting token of type ')' but found `\"a\\\"`."))
            .toBe('Unterminated string `"a\\"`: add the closing `"`.');
        expect(readableSyntaxMessage("Expecting token of type ')' but found `\"a\\\\\"`."))
            .toBe('Expected `)` but found `"a\\\\"`.');
    });

    test('messages it does not know are kept', () => {
        expect(readableSyntaxMessage('unexpected character: ->§<- at offset: 3')).toBe('unexpected character: ->§<- at offset: 3');
    });
});

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem } from 'langium';
import { type CompletionBacktrackingInformation, DefaultCompletionProvider } from 'langium/lsp';
import { describe, expect, test } from 'vitest';
import { tokenWindow } from '../../src/lsp/completion/token-window.js';
import { WeftCompletionProvider } from '../../src/lsp/completion/weft-completion-provider.js';
import { createWeftLspServices, type WeftLspServices } from '../../src/lsp/weft-lsp-module.js';
import { repositoryRoot } from './lsp-client.js';

// Completion finds the tokens around the cursor by lexing only the lines before it (Langium lexes
// the whole document on every request). It must find exactly what lexing everything finds.

class ComparingCompletionProvider extends WeftCompletionProvider {
    windowed(text: string, offset: number): CompletionBacktrackingInformation {
        return this.backtrackToAnyToken(text, offset);
    }

    whole(text: string, offset: number): CompletionBacktrackingInformation {
        return DefaultCompletionProvider.prototype['backtrackToAnyToken'].call(this, text, offset);
    }
}

const services = createWeftLspServices({ connection: undefined, ...EmptyFileSystem }).Weft;
const provider = new ComparingCompletionProvider(services as WeftLspServices);

function weftFilesUnder(folder: string): string[] {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter(entry => entry.isFile() && entry.name.endsWith('.weft') && !entry.parentPath.includes('node_modules'))
        .map(entry => path.join(entry.parentPath, entry.name));
}

function expectSameEverywhere(text: string): void {
    for (let offset = 0; offset <= text.length; offset++) {
        expect(provider.windowed(text, offset), `at offset ${offset}`).toEqual(provider.whole(text, offset));
    }
}

describe('completion lexes only the lines around the cursor', () => {
    test('the same tokens as lexing everything, at every offset of the examples', () => {
        const files = weftFilesUnder(path.join(repositoryRoot, 'examples'));
        expect(files.length).toBeGreaterThan(5);
        for (const file of files) expectSameEverywhere(readFileSync(file, 'utf8'));
    });

    test('a block comment open at the window start, blank lines before the cursor, strings and the file edges', () => {
        const filler = Array.from({ length: 40 }, (_, index) => `  // line ${index}`).join('\n');
        expectSameEverywhere(`module m version "1.0.0"\n/* a comment\n${filler}\n still the comment */\nstep s() { run: "./s.ts#s" }\n`);
        expectSameEverywhere(`step s() {\n  run: "./s.ts#s"\n${'\n'.repeat(50)}  timeout: 1m\n}\n`);
        expectSameEverywhere('');
        expectSameEverywhere('step');
    });

    test('the window starts at a line start, ends at the cursor line end, and is the whole text in a block comment', () => {
        const text = 'a\nb\nc\nd\n';
        expect(tokenWindow(text, text.indexOf('d'), 1)).toEqual({ start: text.indexOf('c'), end: text.indexOf('d') + 1 });
        expect(tokenWindow(text, text.indexOf('d'), 10)).toEqual({ start: 0, end: text.indexOf('d') + 1 });
        const commented = '/*\nx\ny\nz */ w';
        expect(tokenWindow(commented, commented.indexOf('w'), 1).start).toBe(0);
    });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// Tokenizes Weft with the engine VS Code itself uses, against the manifest's grammar.
const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(extensionFolder, 'package.json'), 'utf8'));
let grammar: textmate.IGrammar;

beforeAll(async () => {
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const contribution = manifest.contributes.grammars[0];
    const registry = new textmate.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
            createOnigString: (text: string) => new oniguruma.OnigString(text),
        }),
        loadGrammar: async (scopeName: string) => scopeName === contribution.scopeName
            ? textmate.parseRawGrammar(readFileSync(path.join(extensionFolder, contribution.path), 'utf8'), contribution.path)
            : null,
    });
    grammar = (await registry.loadGrammar(contribution.scopeName))!;
});

/** The scopes of the first token that covers `text` on `line`. */
function scopesOf(line: string, text: string): string[] {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    const at = line.indexOf(text);
    const token = tokens.find(candidate => candidate.startIndex <= at && at < candidate.endIndex);
    return token?.scopes ?? [];
}

describe('VS Code extension manifest', () => {
    test('contributes the weft language with its configuration and grammar', () => {
        const language = manifest.contributes.languages[0];
        expect(language.id).toBe('weft');
        expect(language.extensions).toEqual(['.weft']);
        const configuration = JSON.parse(readFileSync(path.join(extensionFolder, language.configuration), 'utf8'));
        expect(configuration.comments.lineComment).toBe('//');
    });

    test('highlights keywords, strings and comments', () => {
        expect(scopesOf('step train(x: int) -> (y: int) {', 'step').join(' ')).toMatch(/keyword/);
        expect(scopesOf('pipeline p() {', 'pipeline').join(' ')).toMatch(/keyword/);
        expect(scopesOf('  run: "./steps/train.ts#train"', '"./steps').join(' ')).toMatch(/string/);
        expect(scopesOf('/// Trains the model.', 'Trains').join(' ')).toMatch(/comment/);
        expect(scopesOf('let x = 1 // why', 'why').join(' ')).toMatch(/comment/);
        expect(scopesOf('let train = 1', 'train').join(' ')).not.toMatch(/keyword/);
    });
});

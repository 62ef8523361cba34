import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem, type LangiumDocument, TextDocument, URI } from 'langium';
import { DefaultCompletionProvider, type NextFeature } from 'langium/lsp';
import { describe, expect, test } from 'vitest';
import { completionFragment } from '../../src/lsp/completion/completion-fragment.js';
import { WeftCompletionProvider } from '../../src/lsp/completion/weft-completion-provider.js';
import { createWeftLspServices, type WeftLspServices } from '../../src/lsp/weft-lsp-module.js';
import { repositoryRoot } from './lsp-client.js';
import { beyondLimitsFolder } from '../parsing/repository-files.js';

// Completion parses only the enclosing declaration (or body item) up to the cursor. These tests
// check that this gives exactly the features a parse of the whole prefix gives, at every token
// boundary of the examples and the conformance cases (many with syntax errors), and of files
// being typed.

/** Exposes both ways of finding the features that may follow an offset. */
class ComparingCompletionProvider extends WeftCompletionProvider {
    fragmentFeatures(document: TextDocument, offset: number): NextFeature[] {
        return this.findFeaturesAt(document, offset);
    }

    wholePrefixFeatures(document: TextDocument, offset: number): NextFeature[] {
        return DefaultCompletionProvider.prototype['findFeaturesAt'].call(this, document, offset);
    }
}

const services = createWeftLspServices({ connection: undefined, ...EmptyFileSystem }).Weft;
const provider = new ComparingCompletionProvider(services as WeftLspServices);
let counter = 0;

async function build(text: string): Promise<LangiumDocument> {
    const document = services.shared.workspace.LangiumDocumentFactory.fromTextDocument(
        TextDocument.create(`memory:///fragment-${++counter}.weft`, 'weft', 1, text), URI.parse(`memory:///fragment-${counter}.weft`));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: false });
    return document;
}

/**
 * A comparable form of a feature list: grammar element identity, container type and property.
 * Distinct: error recovery in a longer prefix may reach the same feature twice, which offers nothing more.
 */
function keys(features: NextFeature[]): string[] {
    return [...new Set(features.map(next => `${next.feature.$type}:${grammarPath(next.feature)}:${next.type ?? ''}:${next.property ?? ''}`))].sort();
}

function grammarPath(element: NextFeature['feature']): string {
    const parts: string[] = [];
    for (let current: { $container?: unknown; $containerIndex?: number; $containerProperty?: string; name?: string } | undefined = element;
        current; current = current.$container as typeof current) {
        parts.push(current.name ?? `${current.$containerProperty ?? ''}${current.$containerIndex ?? ''}`);
    }
    return parts.join('/');
}

/** Every offset where a token starts or ends. */
function tokenBoundaries(document: LangiumDocument): number[] {
    const offsets = new Set<number>();
    const lexed = services.parser.Lexer.tokenize(document.textDocument.getText());
    for (const token of lexed.tokens) {
        offsets.add(token.startOffset);
        offsets.add(token.startOffset + token.image.length);
    }
    return [...offsets];
}

async function expectSameFeatures(text: string, offsets?: number[]): Promise<number> {
    const document = await build(text);
    let fragments = 0;
    for (const offset of offsets ?? tokenBoundaries(document)) {
        if (completionFragment(document.parseResult.value, text, offset) !== undefined) fragments++;
        const expected = keys(provider.wholePrefixFeatures(document.textDocument, offset));
        const actual = keys(provider.fragmentFeatures(document.textDocument, offset));
        expect(actual, `at offset ${offset}: …${JSON.stringify(text.slice(Math.max(0, offset - 40), offset))}`).toEqual(expected);
    }
    return fragments;
}

function weftFiles(folder: string): string[] {
    return readdirSync(folder).flatMap(name => {
        const file = path.join(folder, name);
        if (name === 'node_modules' || name === beyondLimitsFolder) return [];
        return statSync(file).isDirectory() ? weftFiles(file) : name.endsWith('.weft') ? [file] : [];
    });
}

const examples = weftFiles(path.join(repositoryRoot, 'examples'));
const cases = weftFiles(path.join(repositoryRoot, 'packages/language/test/conformance/cases'));

describe('completion parses only the fragment the cursor is in', () => {
    test.each(examples.map(file => [path.relative(repositoryRoot, file), file]))('same features at every token of %s', async (_name, file) => {
        expect(await expectSameFeatures(readFileSync(file, 'utf8'))).toBeGreaterThan(0);
    });

    test('same features at every token of the conformance cases (many with syntax errors)', async () => {
        for (const file of cases) await expectSameFeatures(readFileSync(file, 'utf8'));
    }, 120_000);

    test('same features while a file is being typed, cut at every line', async () => {
        const text = readFileSync(path.join(repositoryRoot, 'examples/text-classifier/sentiment.weft'), 'utf8');
        const lines = text.split('\n');
        for (let line = 1; line < lines.length; line += 3) {
            const typed = lines.slice(0, line).join('\n') + '\n  let x = ';
            await expectSameFeatures(typed, [typed.length, typed.length - 1, typed.length - 3]);
        }
    }, 60_000);

    test('a half-typed call in the middle of a pipeline completes from its statement only', async () => {
        const text = 'step s(a: int, b: int) -> (out: int) {\n  run: "./s.ts#s"\n}\npipeline p() {\n  let x = s(a: 1, b: 2)\n  let y = s(\n  let z = s(a: 1, b: 2)\n}\n';
        const offset = text.indexOf('s(\n') + 2;
        const document = await build(text);
        expect(completionFragment(document.parseResult.value, text, offset)).toBe('pipeline p() {\n  let y = s(');
        await expectSameFeatures(text);
    });

    test('between declarations and before the first one, the whole prefix is parsed', async () => {
        const text = 'module m version "1.0.0"\n\ntype A = int\n\ntype B = string\n';
        const document = await build(text);
        expect(completionFragment(document.parseResult.value, text, text.indexOf('type A'))).toBeUndefined();
        expect(completionFragment(document.parseResult.value, text, text.indexOf('\n\ntype B') + 1)).toBeUndefined();
        expect(completionFragment(document.parseResult.value, text, text.indexOf('\n\ntype B'))).toBe('type A = int');
        expect(completionFragment(document.parseResult.value, text, text.indexOf('= int') + 1)).toBe('type A =');
    });
});

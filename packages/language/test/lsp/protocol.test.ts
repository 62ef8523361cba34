import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CodeActionRequest, CompletionRequest, type CompletionItem, DefinitionRequest, DocumentFormattingRequest, DocumentSymbolRequest,
    HoverRequest, InlayHintRequest, type Location, type LocationLink, ReferencesRequest, RenameRequest, SemanticTokensRequest,
    SignatureHelpRequest, type TextEdit, WorkspaceSymbolRequest, type MarkupContent, type DocumentSymbol, type Diagnostic,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BUILTINS_SOURCE, BUILTINS_URI } from '../../src/builtins/builtin-source.js';
import { maxImportableItems } from '../../src/lsp/completion/weft-completion-provider.js';
import { positionOf, repositoryRoot, TestLanguageClient } from './lsp-client.js';

// Every feature over the real protocol: the server runs as its own process, on a copy of the
// text-classifier example (so that edits and package imports can be added).
let workspace: string;
let client: TestLanguageClient;
let sentiment: string;
let text: string;
let uri: string;

const markdown = (hover: { contents: unknown } | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';
const labels = (result: { items: CompletionItem[] } | CompletionItem[] | null): string[] =>
    (Array.isArray(result) ? result : result?.items ?? []).map(item => item.label);
const errors = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter(diagnostic => diagnostic.severity === 1);

beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'weft-lsp-'));
    cpSync(path.join(repositoryRoot, 'examples/text-classifier'), workspace, { recursive: true, filter: source => !source.includes('node_modules') && !source.includes('/data/') });
    sentiment = path.join(workspace, 'sentiment.weft');
    text = readFileSync(sentiment, 'utf8');
    client = await TestLanguageClient.start(workspace);
    uri = client.uriOf(sentiment);
    await client.open(sentiment);
});

afterAll(async () => {
    await client?.stop();
    rmSync(workspace, { recursive: true, force: true });
});

const request = <R>(type: { method: string }, params: object): Promise<R> => client.connection.sendRequest(type.method, params) as Promise<R>;

describe('diagnostics', () => {
    test('a clean example has no errors, and an edit publishes fresh diagnostics with codes', async () => {
        expect(errors(client.latestDiagnostics(sentiment) ?? [])).toEqual([]);
        const broken = text.replace('let m = train(t.tokens, alpha: alpha, minCount: minCount)', 'let m = train(alpha: alpha, minCount: minCount)');
        const diagnostics = await client.change(sentiment, broken, found => found.length > 0);
        expect(diagnostics.map(diagnostic => diagnostic.code)).toContain('missing-argument');
        const restored = await client.change(sentiment, text, found => errors(found).length === 0);
        expect(errors(restored)).toEqual([]);
    });

    test('solver diagnostics arrive after the fast ones, and an edit that fixes the constraint clears them', async () => {
        // `where alpha > 0` in the step and a pipeline that allows alpha = 0: a counterexample only Z3's checks find.
        const loosened = text.replace('where alpha > 0 && alpha <= 10', 'where alpha >= 0 && alpha <= 10');
        expect(loosened).not.toBe(text);
        const diagnostics = await client.change(sentiment, loosened, found => found.some(diagnostic => diagnostic.code === 'call-violates-constraint'));
        const violation = diagnostics.find(diagnostic => diagnostic.code === 'call-violates-constraint');
        expect(violation?.message).toMatch(/alpha = 0\b/);
        const restored = await client.change(sentiment, text, found => !found.some(diagnostic => diagnostic.code === 'call-violates-constraint') && errors(found).length === 0);
        expect(errors(restored)).toEqual([]);
    });

    test('an edit inside a step reaches the pipeline that calls it, and undoing it clears that', async () => {
        // Only the step is parsed again; the pipeline is checked again because it calls the step.
        const renamed = text.replace('-> (model: Classifier, metrics: Metrics) {', '-> (classifier: Classifier, metrics: Metrics) {');
        expect(renamed).not.toBe(text);
        const diagnostics = await client.change(sentiment, renamed, found => errors(found).length > 0);
        const pipelineLine = text.split('\n').findIndex(line => line.includes('m.model'));
        expect(errors(diagnostics).some(diagnostic => diagnostic.range.start.line === pipelineLine && /model/.test(diagnostic.message))).toBe(true);
        const restored = await client.change(sentiment, text, found => errors(found).length === 0);
        expect(errors(restored)).toEqual([]);
    });

    test('a file with syntax errors gets syntax-error diagnostics, and features still answer', async () => {
        const file = path.join(workspace, 'broken.weft');
        const source = 'step broken(x: int -> (y: int) {\n  run: "./steps/train.ts#train"\n  timeout: 5m\n}\npipeline p() {\n  let a = broken(\n}\n';
        writeFileSync(file, source);
        const diagnostics = await client.open(file, source);
        expect(diagnostics.some(diagnostic => diagnostic.code === 'syntax-error')).toBe(true);
        const brokenUri = client.uriOf(file);
        const hover = await request(HoverRequest.type, { textDocument: { uri: brokenUri }, position: positionOf(source, '5m') });
        expect(hover).toBeDefined();
        const completion = await request<{ items: CompletionItem[] }>(CompletionRequest.type, { textDocument: { uri: brokenUri }, position: positionOf(source, 'broken(\n', 7) });
        expect(Array.isArray(completion.items)).toBe(true);
        const formatted = await request<TextEdit[] | null>(DocumentFormattingRequest.type, { textDocument: { uri: brokenUri }, options: { tabSize: 2, insertSpaces: true } });
        expect(formatted === null || Array.isArray(formatted)).toBe(true);
    });
});

describe('hover', () => {
    test('a callee shows its signature, contract, doc comment and the resolved arguments', async () => {
        const hover = markdown(await request(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'train(t.tokens', 1) }));
        expect(hover).toContain('step train(data: Dataset<Tokens>, alpha: float = 1.0, minCount: int = 1) -> (model: Classifier, metrics: Metrics)');
        expect(hover).toContain('retry { attempts: 3, backoff: 10s, factor: 2 }');
        expect(hover).toContain('where alpha > 0');
        expect(hover).toContain('Laplace smoothing');
        expect(hover).toMatch(/\| `minCount` \| `int` \| `minCount` \|/);
    });

    test('a let shows its type; a quantity its value in base units', async () => {
        const letHover = markdown(await request(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'm.model, e.metrics', 0) }));
        expect(letHover).toMatch(/\(let\) m: \{ model: .*metrics: /);
        const quantity = markdown(await request(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, '512Mi', 1) }));
        expect(quantity).toContain('536,870,912 bytes');
        const millicores = markdown(await request(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, '500m', 1) }));
        expect(millicores).toContain('500 millicores');
    });
});

describe('completion', () => {
    test('after `x.`: the outputs of the call', async () => {
        const at = positionOf(text, 'e.metrics.accuracy', 2);
        expect(labels(await request(CompletionRequest.type, { textDocument: { uri }, position: at }))).toEqual(['metrics']);
    });

    test('member keys of the enclosing block, units after a number, parameters in a call', async () => {
        const source = text
            .replace('resources { cpu: 1, memory: 256Mi }\n  timeout: 2m\n}', 'resources { cpu: 1,  }\n  timeout: 2\n}')
            .replace('let e = evaluate(m.model, t.tokens)', 'let e = evaluate(m.model, )');
        await client.change(sentiment, source);
        const keys = labels(await request(CompletionRequest.type, { textDocument: { uri }, position: positionOf(source, 'cpu: 1,  }', 8) }));
        expect(keys).toEqual(expect.arrayContaining(['memory', 'gpu', 'disk']));
        expect(keys).not.toContain('cpu');
        const units = labels(await request(CompletionRequest.type, { textDocument: { uri }, position: positionOf(source, 'timeout: 2\n', 10) }));
        expect(units).toEqual(['ms', 's', 'm', 'h', 'd']);
        const parameters = labels(await request(CompletionRequest.type, { textDocument: { uri }, position: positionOf(source, 'evaluate(m.model, )', 18) }));
        expect(parameters).toContain('data:');
        expect(parameters).not.toContain('model:');
        await client.change(sentiment, text);
    });

    test('a step\'s member keys offer `command`, documented; a nested block\'s do not', async () => {
        const other = path.join(workspace, 'command-step.weft');
        const source = 'step shout(x: int) -> (y: int) {\n  \n  resources {  }\n}\n';
        writeFileSync(other, source);
        await client.open(other, source);
        const at = (needle: string, delta: number) => ({ textDocument: { uri: client.uriOf(other) }, position: positionOf(source, needle, delta) });
        const stepItems = (await request<{ items: CompletionItem[] }>(CompletionRequest.type, at('{\n  \n', 4))).items;
        expect(stepItems.map(item => item.label)).toEqual(expect.arrayContaining(['run', 'command', 'image']));
        expect(JSON.stringify(stepItems.find(item => item.label === 'command')?.documentation)).toContain('file protocol');
        expect(labels(await request(CompletionRequest.type, at('resources {  }', 12)))).not.toContain('command');
        const written = 'step shout(x: int) -> (y: int) {\n  command: ["sh", "./shout.sh"]\n}\n';
        await client.change(other, written);
        const hover = markdown(await request(HoverRequest.type, { textDocument: { uri: client.uriOf(other) }, position: positionOf(written, 'command', 2) }));
        expect(hover).toContain('**command** — instead of `run`');
    });

    test('steps at a call, with names from other files and the import added', async () => {
        const other = path.join(workspace, 'extra.weft');
        const source = 'pipeline extra(r: Dataset<Review>) {\n  let t = \n}\n';
        writeFileSync(other, source);
        await client.open(other, source);
        const items = (await request<{ items: CompletionItem[] }>(CompletionRequest.type, { textDocument: { uri: client.uriOf(other) }, position: positionOf(source, 'let t = ', 8) })).items;
        const tokenize = items.find(item => item.label === 'tokenize');
        expect(tokenize?.additionalTextEdits?.[0]?.newText).toContain('import { tokenize } from "./text.weft"');
        expect(items.map(item => item.label)).toContain('train');
    });

    test('importable names follow edits of other files (they are cached per workspace state)', async () => {
        const other = path.join(workspace, 'importer.weft');
        const source = 'pipeline importer(r: Dataset<Review>) {\n  let t = \n}\n';
        const library = path.join(workspace, 'library.weft');
        const declares = (name: string): string => `step ${name}(x: int) -> (y: int) {\n  run: "./steps/train.ts#train"\n}\n`;
        writeFileSync(other, source);
        writeFileSync(library, declares('freshStep'));
        await client.open(other, source);
        await client.open(library, declares('freshStep'));
        const at = { textDocument: { uri: client.uriOf(other) }, position: positionOf(source, 'let t = ', 8) };
        expect(labels(await request(CompletionRequest.type, at))).toContain('freshStep');
        await client.change(library, declares('renamedStep'));
        const after = labels(await request(CompletionRequest.type, at));
        expect(after).toContain('renamedStep');
        expect(after).not.toContain('freshStep');
    });

    test('a workspace with many importable names offers a bounded list, and the names matching what is typed', async () => {
        const many = path.join(workspace, 'many.weft');
        const steps = Array.from({ length: 150 }, (_, i) => `step imp${i}(x: int) -> (y: int) {\n  run: "./steps/train.ts#train"\n}\n`).join('');
        writeFileSync(many, steps);
        await client.open(many, steps);
        const other = path.join(workspace, 'uses-many.weft');
        const source = 'pipeline usesMany() {\n  let t = \n}\n';
        writeFileSync(other, source);
        await client.open(other, source);
        const uri = client.uriOf(other);

        // Every list is incomplete (Langium's choice), so the editor asks again as the user types.
        const empty = await request<{ isIncomplete: boolean; items: CompletionItem[] }>(CompletionRequest.type, { textDocument: { uri }, position: positionOf(source, 'let t = ', 8) });
        expect(empty.isIncomplete).toBe(true);
        // 150 names here and the example's own: the first hundred by name, each with its import.
        const importable = empty.items.filter(item => item.detail?.startsWith('import from'));
        expect(importable).toHaveLength(maxImportableItems);
        expect(importable.filter(item => /^imp\d+$/.test(item.label)).length).toBeGreaterThan(50);

        const typed = 'pipeline usesMany() {\n  let t = imp14\n}\n';
        await client.change(other, typed);
        const narrowed = await request<{ isIncomplete: boolean; items: CompletionItem[] }>(CompletionRequest.type, { textDocument: { uri }, position: positionOf(typed, 'imp14', 5) });
        // What an editor's fuzzy filter keeps: the letters typed, in order.
        expect(narrowed.items.filter(item => /^imp\d+$/.test(item.label)).map(item => item.label).sort())
            .toEqual(['imp14', 'imp104', 'imp114', 'imp124', 'imp134', ...Array.from({ length: 10 }, (_, i) => `imp14${i}`)].sort());
        expect(narrowed.items.find(item => item.label === 'imp147')?.additionalTextEdits?.[0]?.newText).toContain('import { imp147 } from "./many.weft"');
        // Later tests see a workspace without these names.
        await client.change(many, '');
    });

    test('completion inside a long pipeline sees the declarations before and after it', async () => {
        const other = path.join(workspace, 'long.weft');
        const lets = Array.from({ length: 40 }, (_, i) => `  let r${i} = later(x: ${i})`).join('\n');
        const source = `pipeline long() {\n${lets}\n  let last = later(\n}\n\nstep later(x: int, y: int = 1) -> (out: int) {\n  run: "./steps/train.ts#train"\n}\n\nconst laterLimit = 3\n`;
        writeFileSync(other, source);
        await client.open(other, source);
        const items = labels(await request(CompletionRequest.type, { textDocument: { uri: client.uriOf(other) }, position: positionOf(source, 'later(\n', 6) }));
        expect(items).toEqual(expect.arrayContaining(['x:', 'y:', 'r39', 'laterLimit']));
        // An argument is a value: steps and types are not offered there.
        expect(items).not.toContain('later');
        expect(items).not.toContain('Dataset');
    });

    test('paths in run strings and the exports of the named file', async () => {
        const files = labels(await request(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, './steps/train.ts#train', 8) }));
        expect(files).toEqual(expect.arrayContaining(['train.ts', 'evaluate.ts']));
        const exported = labels(await request(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, './steps/train.ts#train', 17) }));
        expect(exported).toContain('train');
    });

    test('Python files in run strings, and their top-level functions after #', async () => {
        writeFileSync(path.join(workspace, 'steps', 'score.py'), 'def score(inputs, ctx):\n    pass\n\n\nclass Helper:\n    def method(self):\n        pass\n');
        const file = path.join(workspace, 'score.weft');
        const source = 'step score(x: int) -> (y: int) {\n  run: "./steps/score.py#score"\n}\n';
        writeFileSync(file, source);
        const scoreUri = client.uriOf(file);
        expect(errors(await client.open(file))).toEqual([]);
        const files = labels(await request(CompletionRequest.type, { textDocument: { uri: scoreUri }, position: positionOf(source, './steps/score.py#score', 8) }));
        expect(files).toEqual(expect.arrayContaining(['score.py', 'train.ts']));
        const functions = labels(await request(CompletionRequest.type, { textDocument: { uri: scoreUri }, position: positionOf(source, './steps/score.py#score', 17) }));
        expect(functions).toEqual(['score']);
    });
});

describe('navigation', () => {
    test('definition and references across files; rename across files refuses keywords', async () => {
        const at = positionOf(text, 'tokenize(data', 1);
        const definition = await request<LocationLink[]>(DefinitionRequest.type, { textDocument: { uri }, position: at });
        expect(definition[0]?.targetUri).toBe(client.uriOf(path.join(workspace, 'text.weft')));
        const references = await request<Location[]>(ReferencesRequest.type, { textDocument: { uri }, position: at, context: { includeDeclaration: true } });
        expect(new Set(references.map(reference => reference.uri))).toEqual(new Set([uri, client.uriOf(path.join(workspace, 'text.weft'))]));
        const rename = await request<{ changes: Record<string, TextEdit[]> }>(RenameRequest.type, { textDocument: { uri }, position: at, newName: 'tokenizeReviews' });
        expect(Object.keys(rename.changes)).toHaveLength(2);
        await expect(request(RenameRequest.type, { textDocument: { uri }, position: at, newName: 'let' })).rejects.toThrow(/keyword/);
        await expect(request(RenameRequest.type, { textDocument: { uri }, position: at, newName: '9lives' })).rejects.toThrow(/not a valid/);
    });

    test('definition on a built-in lands on its declaration in the built-in library', async () => {
        const definition = await request<LocationLink[]>(DefinitionRequest.type, { textDocument: { uri }, position: positionOf(text, 'Dataset<Review>', 2) });
        // One spelling: the one URI.toString() gives (no empty authority).
        expect(definition[0]!.targetUri).toBe(BUILTINS_URI);
        const builtins = TextDocument.create(BUILTINS_URI, 'weft', 0, BUILTINS_SOURCE);
        expect(builtins.getText(definition[0]!.targetSelectionRange)).toBe('Dataset');
    });

    test('outline and workspace symbols', async () => {
        const symbols = await request<DocumentSymbol[]>(DocumentSymbolRequest.type, { textDocument: { uri } });
        expect(symbols.map(symbol => symbol.name)).toEqual(expect.arrayContaining(['train', 'trainSentiment', 'laptop', 'reviews']));
        const found = await request<{ name: string }[]>(WorkspaceSymbolRequest.type, { query: 'token' });
        expect(found.map(symbol => symbol.name)).toContain('tokenize');
    });
});

describe('formatting', () => {
    test('formats a messy document to the canonical style, keeps comments, and is idempotent', async () => {
        const messy = 'module demo   version "1.0.0"\n// a comment\nstep   s( x :int,y: int=2 )->( out : int ){\nrun:"./steps/train.ts#train"\n      resources{cpu:1,memory:2Gi}\n}\n';
        const file = path.join(workspace, 'messy.weft');
        writeFileSync(file, messy);
        await client.open(file, messy);
        const once = await formatFile(file, messy);
        expect(once).toContain('// a comment');
        expect(once).toContain('step s(x: int, y: int = 2) -> (out: int) {\n  run: "./steps/train.ts#train"\n  resources { cpu: 1, memory: 2Gi }\n}');
        await client.change(file, once);
        expect(await formatFile(file, once)).toBe(once);
    });

    test('formats error edges (raises, typed handlers, recover, on exit); hover and completion on a typed handler\'s name show its error type and fields', async () => {
        const messy = 'type Low = { accuracy: float }\nstep s( x :int )->( out : float )raises(  Low|Low ){\nrun:"./steps/train.ts#train"\n}\n'
            + 'pipeline p( x: int = 1 ) -> ( out: float ) {\n let a = s(x)\n on   failure  of a  as e :Low {\n  recover{ out: e.accuracy }\n }\n on  exit of a{\n  let _b = s(x)\n }\n return { out: a.out }\n}\n';
        const file = path.join(workspace, 'edges.weft');
        writeFileSync(file, messy);
        await client.open(file, messy);
        const once = await formatFile(file, messy);
        expect(once).toContain('step s(x: int) -> (out: float) raises (Low | Low) {\n');
        expect(once).toContain('  on failure of a as e: Low {\n    recover { out: e.accuracy }\n  }\n  on exit of a {\n    let _b = s(x)\n  }\n');
        await client.change(file, once);
        expect(await formatFile(file, once)).toBe(once);
        // The name a typed handler binds is the declared error, its fields typed.
        const hover = markdown(await request(HoverRequest.type, { textDocument: { uri: client.uriOf(file) }, position: positionOf(once, 'e.accuracy') }));
        expect(hover).toContain('(error) e: Low');
        // …and completion after `e.` offers its fields.
        expect(labels(await request(CompletionRequest.type, { textDocument: { uri: client.uriOf(file) }, position: positionOf(once, 'e.accuracy', 2) }))).toEqual(['accuracy']);
    });

    test('the examples are stable under formatting twice', async () => {
        const once = await formatFile(sentiment, text);
        await client.change(sentiment, once);
        expect(await formatFile(sentiment, once)).toBe(once);
        await client.change(sentiment, text);
    });
});

async function formatFile(file: string, source: string): Promise<string> {
    const edits = await request<TextEdit[]>(DocumentFormattingRequest.type, { textDocument: { uri: client.uriOf(file) }, options: { tabSize: 2, insertSpaces: true } });
    return TextDocument.applyEdits(TextDocument.create('x', 'weft', 1, source), edits ?? []);
}

describe('editor decorations', () => {
    test('semantic tokens, inlay hints and signature help', async () => {
        const tokens = await request<{ data: number[] }>(SemanticTokensRequest.type, { textDocument: { uri } });
        expect(tokens.data.length).toBeGreaterThan(100);
        const hints = await request<{ label: string }[]>(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
        expect(hints.map(hint => hint.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^: \{ model: /), 'model:']));
        const help = await request<{ signatures: { label: string }[]; activeParameter: number }>(SignatureHelpRequest.type, { textDocument: { uri }, position: positionOf(text, 'alpha: alpha, minCount', 0) });
        expect(help.signatures[0]?.label).toMatch(/^step train\(/);
        expect(help.activeParameter).toBe(1);
    });
});

describe('quick fixes', () => {
    test('missing-run, unknown-reference, invalid-member, unused-result and missing-argument', async () => {
        const file = path.join(workspace, 'fixes.weft');
        const source = 'step lonely(x: int) -> (y: int) {\n  timout: 5m\n}\npipeline p() {\n  let a = lonely()\n  let b = tokenize(reviews)\n}\n';
        writeFileSync(file, source);
        const diagnostics = await client.open(file, source);
        const fixUri = client.uriOf(file);
        const titles = async (code: string): Promise<string[]> => {
            const relevant = diagnostics.filter(diagnostic => diagnostic.code === code);
            expect(relevant.length, code).toBeGreaterThan(0);
            const actions = await request<{ title: string }[]>(CodeActionRequest.type, { textDocument: { uri: fixUri }, range: relevant[0]!.range, context: { diagnostics: relevant } });
            return actions.map(action => action.title);
        };
        expect(await titles('missing-run')).toContain('Add a `run` member');
        expect(await titles('invalid-member')).toContain('Change to `timeout`');
        expect(await titles('missing-argument')).toContain('Add missing argument `x`');
        expect(await titles('unknown-reference')).toContain('Import `tokenize` from "./text.weft"');
        expect((await titles('unused-result')).join()).toContain('Rename to `_a`');
    });
});

describe('workspace', () => {
    test('package imports under node_modules are loaded and resolved', async () => {
        const packageFolder = path.join(workspace, 'node_modules/@acme/lib');
        mkdirSync(packageFolder, { recursive: true });
        writeFileSync(path.join(packageFolder, 'package.json'), JSON.stringify({ name: '@acme/lib', version: '1.0.0' }));
        writeFileSync(path.join(packageFolder, 'shared.weft'), 'module acme.lib version "1.0.0"\n/// A shared type.\ntype Shared = { id: string }\n');
        const file = path.join(workspace, 'uses-package.weft');
        const source = 'import { Shared } from "@acme/lib/shared.weft"\nconst s: Shared[] = []\n';
        writeFileSync(file, source);
        await client.open(file, source);
        // The server loads the package file after the first build, then rebuilds the importer.
        const settled = await waitFor(() => errors(client.latestDiagnostics(file) ?? []).length === 0);
        expect(settled, JSON.stringify(client.latestDiagnostics(file))).toBe(true);
        const hover = markdown(await request(HoverRequest.type, { textDocument: { uri: client.uriOf(file) }, position: positionOf(source, 'Shared[]') }));
        expect(hover).toContain('A shared type.');
    });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        if (condition()) return true;
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    return condition();
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AstNode, type CstNode, CstUtils, type LangiumDocument, URI, type ValidationCategory } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { forEachNode } from '../../src/helpers/ast-walk.js';
import { changesOf } from '../../src/incremental/document-changes.js';
import { createWeftServices, type WeftServices } from '../../src/weft-module.js';
import { MemoryFileSystem } from '../scoping/memory-file-system.js';
// @ts-expect-error: a plain ES module without types (the benchmark's workload generator)
import { singleFilePipeline } from '../../../../scripts/bench/generate.mjs';
import { seededRandom } from '../seeded-random.js';

/**
 * Edits as an editor makes them, one after another: after each, the document built
 * incrementally (one declaration re-parsed, relinked and revalidated where it can be) must have
 * the same diagnostics in every file, and the same tree with the same positions, as a build of
 * the same files from scratch.
 */

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fastCategories: ValidationCategory[] = ['built-in', 'fast'];

interface Workspace {
    readonly services: WeftServices;
    readonly fileSystem: MemoryFileSystem;
    readonly documents: LangiumDocument[];
}

async function build(files: ReadonlyMap<string, string>, categories: ValidationCategory[] | undefined): Promise<Workspace> {
    const fileSystem = new MemoryFileSystem();
    const services = createWeftServices({ fileSystemProvider: () => fileSystem }).Weft;
    for (const [file, text] of files) fileSystem.write(uriOf(file), text);
    const documents: LangiumDocument[] = [];
    for (const file of [...files.keys()].filter(file => file.endsWith('.weft'))) {
        documents.push(await services.shared.workspace.LangiumDocuments.getOrCreateDocument(uriOf(file)));
    }
    const validation = categories === undefined ? true : { categories };
    await services.shared.workspace.DocumentBuilder.build([services.builtins.Builtins.document, ...documents], { validation });
    services.shared.workspace.DocumentBuilder.updateBuildOptions = { validation };
    return { services, fileSystem, documents };
}

/** Writes `text` into `document`'s file and rebuilds, as an editor's change does. */
/** What an edit must match: a build from scratch of `files` with `file` holding `text`, and that file's document. */
async function buildFromScratch(files: ReadonlyMap<string, string>, file: string, text: string,
    categories: ValidationCategory[] | undefined): Promise<{ fresh: Workspace; document: LangiumDocument }> {
    const fresh = await build(new Map([...files, [file, text]]), categories);
    return { fresh, document: fresh.documents.find(document => document.uri.path.endsWith(`/${file}`))! };
}

async function edit(workspace: Workspace, document: LangiumDocument, text: string): Promise<void> {
    workspace.fileSystem.write(document.uri, text);
    await workspace.services.shared.workspace.DocumentBuilder.update([document.uri], []);
}

function uriOf(file: string): URI {
    return URI.file(`/ws/${file}`);
}

/** Every file of an example folder (the `.weft` files, and the step files and data they name). */
function exampleFiles(folder: string): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (relative: string): void => {
        for (const entry of readdirSync(path.join(repository, 'examples', folder, relative))) {
            const child = path.join(relative, entry);
            const absolute = path.join(repository, 'examples', folder, child);
            if (statSync(absolute).isDirectory()) walk(child);
            else if (/\.(weft|ts|json)$/.test(entry)) files.set(child, readFileSync(absolute, 'utf8'));
        }
    };
    walk('');
    return files;
}

/** One line per diagnostic of every document, sorted: what a user would see. */
function diagnosticsOf(workspace: Workspace): string[] {
    return workspace.documents.flatMap(document => (document.diagnostics ?? []).map(diagnostic =>
        `${document.uri.path} ${rangeText(diagnostic.range)} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message} ${relatedText(diagnostic)}`)).sort();
}

function rangeText(range: Diagnostic['range']): string {
    return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

function relatedText(diagnostic: Diagnostic): string {
    return (diagnostic.relatedInformation ?? []).map(related => `${related.location.uri.split('/').pop()} ${rangeText(related.location.range)} ${related.message}`).join('; ');
}

/** The CST, node by node: kind, positions and what it stands for. */
function cstOf(document: LangiumDocument): string[] {
    const root = document.parseResult.value.$cstNode!;
    return CstUtils.streamCst(root).map((node: CstNode) => [
        'content' in node ? 'composite' : 'leaf', node.offset, node.length, rangeText(node.range), node.hidden,
        node.astNode.$type, grammarText(node.grammarSource), 'content' in node ? '' : node.text,
    ].join(' ')).toArray();
}

function grammarText(source: unknown): string {
    const element = source as { $type?: string; value?: string; rule?: { $refText?: string }; feature?: string } | undefined;
    return `${element?.$type ?? '-'}:${element?.value ?? element?.rule?.$refText ?? element?.feature ?? ''}`;
}

/** The AST, node by node: type, place in its container and property names in order. */
function astOf(document: LangiumDocument): string[] {
    const lines: string[] = [];
    forEachNode(document.parseResult.value, node => {
        const values = Object.keys(node).filter(key => !key.startsWith('$')).map(key => {
            const value = (node as unknown as Record<string, unknown>)[key];
            return typeof value === 'object' && value !== null ? key : `${key}=${JSON.stringify(value)}`;
        });
        lines.push(`${node.$type} ${node.$containerProperty ?? ''}[${node.$containerIndex ?? ''}] ${values.join(',')}`);
    });
    return lines;
}

function topLevelNodes(document: LangiumDocument): AstNode[] {
    const root = document.parseResult.value;
    const nodes: AstNode[] = [];
    forEachNode(root, node => {
        if (node !== root) nodes.push(node);
        return node === root;
    });
    return nodes;
}

/**
 * The next edit of `text`: mostly edits that keep it parsable (another digit, another name that
 * appears in the file, a space or a line break between tokens), some that break it (a character
 * deleted or typed), and now and then the original text back.
 */
function nextEdit(text: string, original: string, next: () => number): { text: string; description: string } {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const kind = next();
    const matches = (pattern: RegExp): RegExpExecArray[] => [...text.matchAll(pattern)];
    if (kind < 0.25) {
        const digit = pick(matches(/\d/g));
        if (digit) return splice(text, digit.index, 1, String((Number(digit[0]) + 1 + Math.floor(next() * 8)) % 10), 'digit');
    }
    if (kind < 0.5) {
        const words = matches(/\b[A-Za-z_]\w*\b/g);
        const word = pick(words);
        const other = pick(words);
        if (word && other) return splice(text, word.index, word[0].length, other[0], `word ${word[0]} → ${other[0]}`);
    }
    if (kind < 0.65) {
        const gap = pick(matches(/[ ,(]/g));
        if (gap) return splice(text, gap.index + 1, 0, next() < 0.5 ? ' ' : '\n    ', 'whitespace');
    }
    if (kind < 0.7) {
        const line = pick(matches(/\n/g));
        if (line) return splice(text, line.index + 1, 0, '  // a note\n', 'comment');
    }
    if (kind < 0.75) {
        // Between declarations: a doc comment or a blank line added, or a comment line removed.
        const comment = pick(matches(/\n[ \t]*\/\/[^\n]*/g));
        if (comment && next() < 0.4) return splice(text, comment.index, comment[0].length, '', 'comment removed');
        const declaration = pick(matches(/\n(?=(step|type|pipeline|const|dataset|model|target) )/g));
        if (declaration) return splice(text, declaration.index + 1, 0, next() < 0.5 ? '/// More about it.\n' : '\n', 'between declarations');
    }
    if (kind < 0.85) {
        const at = Math.floor(next() * text.length);
        return splice(text, at, 1, '', 'delete');
    }
    if (kind < 0.95) {
        const at = Math.floor(next() * text.length);
        return splice(text, at, 0, pick(['x', '}', '(', '"', '1', '.', ':']), 'type');
    }
    return { text: original, description: 'original' };
}

function splice(text: string, at: number, remove: number, insert: string, what: string): { text: string; description: string } {
    return { text: text.slice(0, at) + insert + text.slice(at + remove), description: `${what} at ${at}` };
}

interface Fixture {
    readonly name: string;
    readonly files: Map<string, string>;
    /** The file that is edited. */
    readonly edited: string;
}

const fixtures: Fixture[] = [
    { name: 'text classifier', files: exampleFiles('text-classifier'), edited: 'sentiment.weft' },
    { name: 'text classifier (the imported file)', files: exampleFiles('text-classifier'), edited: 'text.weft' },
    { name: 'image classifier', files: exampleFiles('image-classifier'), edited: 'digits.weft' },
    { name: 'a generated 12-step pipeline', files: new Map(singleFilePipeline(12) as Map<string, string>), edited: 'pipeline.weft' },
];

describe('incremental builds after edits', () => {
    for (const fixture of fixtures) {
        test(`${fixture.name}: 40 edits in a row match builds from scratch`, async () => {
            const workspace = await build(fixture.files, fastCategories);
            const edited = workspace.documents.find(document => document.uri.path.endsWith(`/${fixture.edited}`))!;
            const original = fixture.files.get(fixture.edited)!;
            const next = seededRandom(fixture.name.length * 7919);
            let text = original;
            let lastClean = original;
            let reparsed = 0;
            for (let step = 1; step <= 40; step++) {
                // A user mostly fixes a typo right after making it.
                const broken = edited.parseResult.parserErrors.length > 0 || edited.parseResult.lexerErrors.length > 0;
                if (!broken) lastClean = text;
                const change = broken && next() < 0.6 ? { text: lastClean, description: 'typo fixed' } : nextEdit(text, original, next);
                text = change.text;
                const root = edited.parseResult.value;
                await edit(workspace, edited, text);
                if (edited.parseResult.value === root) reparsed++;

                const { fresh, document: freshEdited } = await buildFromScratch(fixture.files, fixture.edited, text, fastCategories);
                const context = `after edit ${step} (${change.description})`;
                expect(cstOf(edited), context).toEqual(cstOf(freshEdited));
                expect(astOf(edited), context).toEqual(astOf(freshEdited));
                expect(diagnosticsOf(workspace), context).toEqual(diagnosticsOf(fresh));
                // What the linker records is about the current tree only: older trees can be collected.
                const current = new Set(topLevelNodes(edited));
                expect([...changesOf(edited).links.keys()].filter(node => !current.has(node)), context).toEqual([]);
            }
            // Most edits keep the text parsable; the test means nothing if none took the incremental path.
            expect(reparsed).toBeGreaterThan(8);
        }, 60_000);
    }

    test('edits faster than the builds, each cancelling the one before, end as a build from scratch', async () => {
        // As a language server runs them: each edit is a write that cancels the running one.
        for (const fixture of [fixtures[0]!, fixtures[3]!]) {
            const workspace = await build(fixture.files, fastCategories);
            const edited = workspace.documents.find(document => document.uri.path.endsWith(`/${fixture.edited}`))!;
            const original = fixture.files.get(fixture.edited)!;
            const next = seededRandom(7);
            const lock = workspace.services.shared.workspace.WorkspaceLock;
            const builder = workspace.services.shared.workspace.DocumentBuilder;
            let text = original;
            const writes: Promise<void>[] = [];
            for (let step = 1; step <= 60; step++) {
                text = nextEdit(text, original, next).text;
                const written = text;
                writes.push(lock.write(async token => {
                    workspace.fileSystem.write(edited.uri, written);
                    await builder.update([edited.uri], [], token);
                }));
                // Now and then let a build get part of the way (parse, link, validation) before the next edit.
                if (step % 3 === 0) await new Promise(resolve => setTimeout(resolve, Math.floor(next() * 4)));
            }
            await Promise.allSettled(writes);
            // The last write may itself have been the one cancelled by nothing; build what is left.
            await lock.write(token => builder.update([edited.uri], [], token));
            const { fresh, document: freshEdited } = await buildFromScratch(fixture.files, fixture.edited, text, fastCategories);
            expect(cstOf(edited), fixture.name).toEqual(cstOf(freshEdited));
            expect(diagnosticsOf(workspace), fixture.name).toEqual(diagnosticsOf(fresh));
        }
    }, 60_000);

    test('an edit whose build was cancelled before it parsed is still followed incrementally by the next', async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const root = document.parseResult.value;
        let fullLinks = 0;
        const types = workspace.services.typing.TypeComputer;
        const forgetAll = types.forgetAll.bind(types);
        types.forgetAll = () => { fullLinks++; forgetAll(); };
        const lock = workspace.services.shared.workspace.WorkspaceLock;
        const builder = workspace.services.shared.workspace.DocumentBuilder;
        const text = files.get('pipeline.weft')!;
        const first = text.replace('timeout: 10m', 'timeout: 12m');
        const second = first.replace('timeout: 12m', 'timeout: 13m');
        expect(second).not.toBe(first);
        // Queued together, as two quick keystrokes: the first write is cancelled before it parses.
        const writes = [first, second].map(edited => lock.write(async token => {
            workspace.fileSystem.write(document.uri, edited);
            await builder.update([document.uri], [], token);
        }));
        await Promise.allSettled(writes);
        expect(document.parseResult.value).toBe(root);
        expect(fullLinks).toBe(0);
        const { fresh } = await buildFromScratch(files, 'pipeline.weft', second, fastCategories);
        expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
    });

    test('an edit inside one step checks that step and what calls it, not the other steps', async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const checkedSteps: string[] = [];
        workspace.services.validation.ValidationRegistry.register({
            StepDeclaration: (step: AstNode & { name: string }) => { checkedSteps.push(step.name); },
            PipelineDeclaration: (pipeline: AstNode & { name: string }) => { checkedSteps.push(pipeline.name); },
        }, undefined, 'fast');
        const document = workspace.documents[0]!;
        const text = files.get('pipeline.weft')!;
        const edited = text.replace(/timeout: (\d+)m/, 'timeout: 59m');
        expect(edited).not.toBe(text);
        await edit(workspace, document, edited);

        expect(checkedSteps).toEqual(['s0', 'main']);
        const { fresh } = await buildFromScratch(files, 'pipeline.weft', edited, fastCategories);
        expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
    });

    test('an edit of the comments between declarations keeps the tree and checks no declaration again', async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const root = document.parseResult.value;
        const checked: string[] = [];
        workspace.services.validation.ValidationRegistry.register({
            StepDeclaration: (step: AstNode & { name: string }) => { checked.push(step.name); },
        }, undefined, 'fast');
        const text = files.get('pipeline.weft')!;
        const edited = text.replace('/// Stage 3:', '/// Stage three, the fourth:\n/// (counted from zero).\n/// Stage 3:');
        expect(edited).not.toBe(text);
        await edit(workspace, document, edited);

        expect(document.parseResult.value).toBe(root);
        expect(checked).toEqual([]);
        const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', edited, fastCategories);
        expect(cstOf(document)).toEqual(cstOf(freshDocument));
        expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
    });

    test('the keystroke that fixes a syntax error inside a step re-parses only that step', async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const text = files.get('pipeline.weft')!;
        // An operand missing in a `where` clause: the parser recovers inside the step.
        const broken = text.replace('where 0 < lr && lr < 1', 'where 0 < lr && && lr < 1');
        expect(broken).not.toBe(text);
        await edit(workspace, document, broken);
        expect(diagnosticsOf(workspace).some(line => line.includes('syntax-error'))).toBe(true);

        const root = document.parseResult.value;
        const fixed = text.replace('where 0 < lr && lr < 1', 'where 0 < lr && 2 * lr < 1');
        await edit(workspace, document, fixed);
        expect(document.parseResult.value).toBe(root);
        expect(document.parseResult.parserErrors).toEqual([]);
        const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', fixed, fastCategories);
        expect(cstOf(document)).toEqual(cstOf(freshDocument));
        expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
    });

    /** The 12-step pipeline with step s5's text changed by `change`. */
    function withStep5(text: string, change: (step: string) => string): string {
        const start = text.indexOf('step s5(');
        const end = text.indexOf('\n}\n', start) + 2;
        // The step's text ends with its `}`.
        const changed = change(text.slice(start, end));
        expect(changed).not.toBe(text.slice(start, end));
        return text.slice(0, start) + changed + text.slice(end);
    }

    const breakingEdits: [string, (step: string) => string][] = [
        ['a value missing', step => step.replace(/timeout: \d+m/, 'timeout: ')],
        ['a stray `(`', step => step.replace(/timeout: /, 'timeout: (')],
        ['an operand missing', step => step.replace('where 0 < lr && lr < 1', 'where 0 < lr && && lr < 1')],
        ['the step\'s `}` missing', step => step.replace(/\n\}$/, '\n')],
        ['a block\'s `}` missing', step => step.replace(/(retry \{[^}]*) \}/, '$1')],
        ['a block opened at the end', step => step.replace(/\n\}$/, '\n  extra {\n}')],
        ['a parameter\'s type missing', step => step.replace('lr: float', 'lr: ')],
    ];

    for (const [name, change] of breakingEdits) {
        test(`a syntax error in one step (${name}) re-parses that step alone, with a full parse's errors, and fixing it too`, async () => {
            const files = new Map(singleFilePipeline(12) as Map<string, string>);
            const workspace = await build(files, fastCategories);
            const checked: string[] = [];
            workspace.services.validation.ValidationRegistry.register({
                StepDeclaration: (step: AstNode & { name: string }) => { checked.push(step.name); },
            }, undefined, 'fast');
            const document = workspace.documents[0]!;
            const root = document.parseResult.value;
            const text = files.get('pipeline.weft')!;
            const broken = withStep5(text, change);
            await edit(workspace, document, broken);

            expect(document.parseResult.value).toBe(root);
            expect(document.parseResult.parserErrors.length).toBeGreaterThan(0);
            expect(checked).toEqual(['s5']);
            const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', broken, fastCategories);
            expect(cstOf(document)).toEqual(cstOf(freshDocument));
            expect(astOf(document)).toEqual(astOf(freshDocument));
            expect(diagnosticsOf(workspace).filter(line => line.includes('syntax-error')).length).toBeGreaterThan(0);
            expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));

            checked.length = 0;
            await edit(workspace, document, text);
            expect(document.parseResult.value).toBe(root);
            expect(document.parseResult.parserErrors).toEqual([]);
            expect(checked).toEqual(['s5']);
            const { fresh: clean, document: cleanDocument } = await buildFromScratch(files, 'pipeline.weft', text, fastCategories);
            expect(cstOf(document)).toEqual(cstOf(cleanDocument));
            expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(clean));
        });
    }

    test('one syntax error after another in the same step, each re-parsing that step alone', async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const root = document.parseResult.value;
        let text = files.get('pipeline.weft')!;
        // The step's `}` last: without it, the next `}` found is the next step's.
        for (const [name, change] of [...breakingEdits.filter(([name]) => !name.startsWith('the step')), ...breakingEdits.filter(([name]) => name.startsWith('the step'))]) {
            text = withStep5(text, change);
            await edit(workspace, document, text);
            expect(document.parseResult.value, name).toBe(root);
            const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', text, fastCategories);
            expect(cstOf(document), name).toEqual(cstOf(freshDocument));
            expect(diagnosticsOf(workspace), name).toEqual(diagnosticsOf(fresh));
        }
    }, 60_000);

    test('a syntax error in the last declaration is re-parsed with the rest of the text', async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const root = document.parseResult.value;
        const text = files.get('pipeline.weft')!;
        // The pipeline is last: its `}` missing leaves an error at the end of the text.
        const closing = text.lastIndexOf('}');
        const broken = `${text.slice(0, closing)} ${text.slice(closing + 1)}`;
        await edit(workspace, document, broken);

        expect(document.parseResult.value).toBe(root);
        const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', broken, fastCategories);
        expect(cstOf(document)).toEqual(cstOf(freshDocument));
        expect(diagnosticsOf(workspace).some(line => line.includes('syntax-error'))).toBe(true);
        expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
    });

    // Seed 11 types a lone `&`: a lexer error, whose message quotes its offset.
    for (const seed of [11, 2525]) test(`seeded edits that break one declaration, each then fixed, match builds from scratch and mostly re-parse one declaration (seed ${seed})`, async () => {
        const files = new Map(singleFilePipeline(12) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const text = files.get('pipeline.weft')!;
        const next = seededRandom(seed);
        let brokenAndKept = 0;
        let broken = 0;
        for (let step = 1; step <= 25; step++) {
            // A character deleted or typed somewhere inside a declaration (not on its first line).
            const declarations = [...text.matchAll(/\n(?:step|type|dataset|model|target|pipeline) [^]*?\n\}\n/g)];
            const declaration = declarations[Math.floor(next() * declarations.length)]!;
            const firstLineEnd = text.indexOf('\n', declaration.index + 1);
            const at = firstLineEnd + 1 + Math.floor(next() * (declaration.index + declaration[0].length - 2 - firstLineEnd));
            const edited = next() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + '}(:,"x.'[Math.floor(next() * 7)] + text.slice(at);
            const root = document.parseResult.value;
            await edit(workspace, document, edited);
            const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', edited, fastCategories);
            const context = `edit ${step} at ${at}`;
            expect(cstOf(document), context).toEqual(cstOf(freshDocument));
            expect(astOf(document), context).toEqual(astOf(freshDocument));
            expect(diagnosticsOf(workspace), context).toEqual(diagnosticsOf(fresh));
            if (document.parseResult.parserErrors.length > 0 || document.parseResult.lexerErrors.length > 0) {
                broken++;
                if (document.parseResult.value === root) brokenAndKept++;
            }
            await edit(workspace, document, text);
            expect(document.parseResult.parserErrors, context).toEqual([]);
        }
        expect(broken).toBeGreaterThanOrEqual(5);
        expect(brokenAndKept).toBeGreaterThan(broken / 2);
    }, 120_000);

    const unboundedEdits: [string, (text: string) => string][] = [
        // The record's fields go on into the next declaration: `type` is a field name too.
        ['a record type whose `}` is missing', text => text.replace(/(type Row3 = \{[^}]*) \}/, '$1')],
        // The sum goes on into the next declaration: `step` is a name too.
        ['a sum whose last operand is missing', text => text.replace('const limit: int = 1 + 2', 'const limit: int = 1 +')],
    ];

    for (const [name, change] of unboundedEdits) {
        test(`a syntax error whose recovery runs on into the next declaration (${name}) is parsed with the whole text`, async () => {
            const generated = singleFilePipeline(12) as Map<string, string>;
            const text = generated.get('pipeline.weft')!.replace('/// Stage 5', 'const limit: int = 1 + 2\n\n/// Stage 5');
            const files = new Map([...generated, ['pipeline.weft', text]]);
            const workspace = await build(files, fastCategories);
            const document = workspace.documents[0]!;
            const root = document.parseResult.value;
            const broken = change(text);
            expect(broken).not.toBe(text);
            await edit(workspace, document, broken);

            expect(document.parseResult.value).not.toBe(root);
            const { fresh, document: freshDocument } = await buildFromScratch(files, 'pipeline.weft', broken, fastCategories);
            expect(cstOf(document)).toEqual(cstOf(freshDocument));
            expect(diagnosticsOf(workspace).some(line => line.includes('syntax-error'))).toBe(true);
            expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
        });
    }

    test('a renamed declaration relinks and revalidates the whole document', async () => {
        const files = new Map(singleFilePipeline(6) as Map<string, string>);
        const workspace = await build(files, fastCategories);
        const document = workspace.documents[0]!;
        const renamed = files.get('pipeline.weft')!.replace('step s3(', 'step s3x(');
        await edit(workspace, document, renamed);

        const { fresh } = await buildFromScratch(files, 'pipeline.weft', renamed, fastCategories);
        const unknown = diagnosticsOf(workspace).filter(line => line.includes('unknown-reference'));
        expect(unknown.length).toBeGreaterThan(0);
        expect(diagnosticsOf(workspace)).toEqual(diagnosticsOf(fresh));
    });

    test('with every validation category (the constraint checks too), edits still match builds from scratch', async () => {
        const fixture = fixtures[3]!;
        const workspace = await build(fixture.files, undefined);
        const document = workspace.documents[0]!;
        const original = fixture.files.get(fixture.edited)!;
        const next = seededRandom(42);
        let text = original;
        for (let step = 1; step <= 12; step++) {
            text = nextEdit(text, original, next).text;
            await edit(workspace, document, text);
            const { fresh } = await buildFromScratch(fixture.files, fixture.edited, text, undefined);
            expect(diagnosticsOf(workspace), `after edit ${step}`).toEqual(diagnosticsOf(fresh));
        }
    }, 60_000);
});

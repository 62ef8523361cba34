// The example pipelines in examples/ must check clean, and what they declare about files on
// disk must be true: dataset and model digests, and the implementations `run` names.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstUtils, type LangiumDocument } from 'langium';
import semver from 'semver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Block, isDatasetDeclaration, isEntry, isModelDeclaration, isStringLiteral, isWeftFile } from '../src/generated/ast.js';
import { type LoadedWorkspace, loadWorkspace } from '../src/node/workspace-loader.js';

const examplesFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const examples = readdirSync(examplesFolder, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && !entry.name.startsWith('.'))
    .map(entry => entry.name)
    .sort();

/** `file:line:col code: message` for each error of a document, to show in a failure. */
function errorsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? [])
        .filter(diagnostic => diagnostic.severity === DiagnosticSeverity.Error)
        .map(diagnostic => `${path.relative(examplesFolder, document.uri.fsPath)}:${diagnostic.range.start.line + 1}:`
            + `${diagnostic.range.start.character + 1} ${String(diagnostic.code)}: ${diagnostic.message}`);
}

/** The string value of the entry `key` of a declaration block, if it is a string literal. */
function stringEntry(block: Block | undefined, key: string): string | undefined {
    const entry = block?.members.find(member => isEntry(member) && member.key === key);
    return isEntry(entry) && isStringLiteral(entry.value) ? entry.value.value : undefined;
}

describe('the examples folder', () => {
    test('holds the three example pipelines', () => {
        expect(examples).toEqual(expect.arrayContaining(['image-classifier', 'retrieval-index', 'text-classifier']));
    });

    test('checks clean as one workspace, as `weft check examples` loads it', async () => {
        const workspace = await loadWorkspace([examplesFolder]);
        expect(workspace.documents.flatMap(errorsOf)).toEqual([]);
    });
});

describe.each(examples)('examples/%s', (example) => {
    const folder = path.join(examplesFolder, example);
    let loaded: LoadedWorkspace;
    beforeAll(async () => {
        loaded = await loadWorkspace([folder]);
    });

    test('parses without syntax errors', async () => {
        const { documents } = loaded;
        expect(documents.length).toBeGreaterThan(0);
        for (const document of documents) {
            const { lexerErrors, parserErrors } = document.parseResult;
            expect([...lexerErrors, ...parserErrors].map(error => error.message), document.uri.fsPath).toEqual([]);
        }
    });

    test('has no errors', async () => {
        const { documents } = loaded;
        expect(documents.flatMap(errorsOf)).toEqual([]);
    });

    test('imports from another .weft file of the example, and every file has a semver module header', async () => {
        const { documents } = loaded;
        const files = documents.map(document => document.uri.fsPath);
        expect(files.every(file => file.startsWith(folder + path.sep))).toBe(true);
        const imported = documents.flatMap(document => {
            const root = document.parseResult.value;
            return isWeftFile(root) ? root.imports.map(item => path.resolve(path.dirname(document.uri.fsPath), item.path)) : [];
        });
        expect(imported.length).toBeGreaterThan(0);
        expect(imported.every(file => files.includes(file))).toBe(true);
        for (const document of documents) {
            const root = document.parseResult.value;
            const version = isWeftFile(root) ? root.header?.version : undefined;
            expect(semver.valid(version ?? null), `module version of ${document.uri.fsPath}`).not.toBeNull();
        }
    });

    test('declares the real sha256 of every dataset and model file it ships', async () => {
        const { documents } = loaded;
        let checked = 0;
        for (const document of documents) {
            for (const node of AstUtils.streamAst(document.parseResult.value)) {
                if (!isDatasetDeclaration(node) && !isModelDeclaration(node)) continue;
                const uri = stringEntry(node.body, 'uri');
                const sha256 = stringEntry(node.body, 'sha256');
                expect(uri, `uri of ${node.name}`).toMatch(/^file:/);
                expect(sha256, `sha256 of ${node.name}`).toMatch(/^[0-9a-f]{64}$/);
                const file = path.resolve(path.dirname(document.uri.fsPath), uri!.slice('file:'.length));
                const actual = createHash('sha256').update(await readFile(file)).digest('hex');
                expect(actual, `sha256 of ${path.relative(examplesFolder, file)}`).toBe(sha256);
                checked++;
            }
        }
        expect(checked).toBeGreaterThan(0);
    });

    test('names an exported function (a top-level one in Python) for every step run', async () => {
        const { documents } = loaded;
        let checked = 0;
        for (const document of documents) {
            for (const node of AstUtils.streamAst(document.parseResult.value)) {
                if (!isEntry(node) || node.key !== 'run' || !isStringLiteral(node.value)) continue;
                const [relative, name] = node.value.value.split('#');
                const file = path.resolve(path.dirname(document.uri.fsPath), relative!);
                expect(existsSync(file), `${node.value.value} in ${document.uri.fsPath}`).toBe(true);
                // A plain function, or one wrapped by a generated contract's `implement` (examples/consumer); in Python a top-level `def`.
                const definition = file.endsWith('.py') ? `^(async )?def ${name}\\(` : `export ((async )?function ${name}\\(|const ${name} = implement\\()`;
                expect(await readFile(file, 'utf8')).toMatch(new RegExp(definition, 'm'));
                checked++;
            }
        }
        expect(checked).toBeGreaterThan(0);
    });
});

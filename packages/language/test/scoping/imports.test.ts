import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import type { WeftFile } from '../../src/generated/ast.js';
import { importCandidates, importPathFor } from '../../src/scoping/import-paths.js';
import { createWeftServices } from '../../src/weft-module.js';
import { buildWorkspace } from './test-workspace.js';

describe('import paths', () => {
    test.each([
        ['/ws/app/main.weft', './lib/x.weft', ['/ws/app/lib/x.weft']],
        ['/ws/app/main.weft', '../x.weft', ['/ws/x.weft']],
        ['/ws/app/main.weft', '@acme/text/x.weft', ['/ws/app/node_modules/@acme/text/x.weft', '/ws/node_modules/@acme/text/x.weft', '/node_modules/@acme/text/x.weft']],
        // Inside a package, its own node_modules folder is not searched twice.
        ['/ws/node_modules/a/main.weft', 'b/x.weft', ['/ws/node_modules/a/node_modules/b/x.weft', '/ws/node_modules/b/x.weft', '/node_modules/b/x.weft']],
    ])('%s imports %s from %j', (importing, path, candidates) => {
        expect(importCandidates(URI.file(importing), path).map(uri => uri.path)).toEqual(candidates);
    });

    test.each([
        ['/ws/app/main.weft', '/ws/app/text.weft', './text.weft'],
        ['/ws/app/main.weft', '/ws/lib/text.weft', '../lib/text.weft'],
        ['/ws/app/main.weft', '/ws/node_modules/@acme/text/tokens.weft', '@acme/text/tokens.weft'],
    ])('%s writes an import of %s as %s', (importing, target, path) => {
        expect(importPathFor(URI.file(importing), URI.file(target))).toBe(path);
    });
});

describe('imports without a file system (browser)', () => {
    test('imports resolve against the loaded documents only; no package.json is read', async () => {
        const services = createWeftServices(EmptyFileSystem).Weft;
        const factory = services.shared.workspace.LangiumDocumentFactory;
        const documents = services.shared.workspace.LangiumDocuments;
        const files = {
            '/ws/main.weft': 'import { Tokens } from "@acme/text/tokens.weft"\nimport { Patch } from "./vision.weft"\ntype Pair = { t: Tokens, p: Patch }',
            '/ws/node_modules/@acme/text/tokens.weft': 'module acme.text version "9.0.0"\ntype Tokens = { ids: int[] }',
        };
        const created = Object.entries(files).map(([path, text]) => {
            const document = factory.fromString<WeftFile>(text, URI.file(path));
            documents.addDocument(document);
            return document;
        });
        await services.shared.workspace.DocumentBuilder.build([services.builtins.Builtins.document, ...created], { validation: true });
        const diagnostics = (created[0]!.diagnostics ?? []).map(diagnostic => [diagnostic.code, diagnostic.message]);
        expect(diagnostics).toEqual([['import-not-found', 'Cannot find "./vision.weft": there is no such file (relative paths start from this file\'s folder).']]);
    });
});

describe('package manifests', () => {
    test('package.json is read again in the next build', async () => {
        const workspace = await buildWorkspace({
            'package.json': '{ "peerDependencies": { "text": "^1.0.0" } }',
            'main.weft': 'import { Tokens } from "text/tokens.weft"',
            'node_modules/text/tokens.weft': 'module text version "2.0.0"\ntype Tokens = { ids: int[] }',
        });
        expect(workspace.diagnostics('main.weft', 'version-mismatch')).toHaveLength(1);

        workspace.fileSystem.write(URI.file('/ws/package.json'), '{ "peerDependencies": { "text": "^2.0.0" } }');
        await workspace.change('main.weft', 'import { Tokens } from "text/tokens.weft"\n');
        expect(workspace.diagnostics('main.weft', 'version-mismatch')).toEqual([]);
    });

    test.each([
        ['a range that is not semver', '{ "dependencies": { "text": "workspace:*" } }'],
        ['a manifest that is not an object', '[1, 2]'],
        ['dependencies that are not an object', '{ "dependencies": "text" }'],
        ['a manifest that is not JSON', '{ "dependencies": '],
    ])('%s gives no diagnostic', async (_title, manifest) => {
        const workspace = await buildWorkspace({
            'package.json': manifest,
            'main.weft': 'import { Tokens } from "text/tokens.weft"',
            'node_modules/text/tokens.weft': 'module text version "2.0.0"\ntype Tokens = { ids: int[] }',
        });
        expect(workspace.diagnostics('main.weft', 'version-mismatch')).toEqual([]);
    });
});

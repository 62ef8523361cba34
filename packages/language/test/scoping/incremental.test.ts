import { describe, expect, test } from 'vitest';
import { buildWorkspace, fileOf, lineOf, referencesNamed } from './test-workspace.js';

/** Editing one file relinks the files that import it (imports are cached per build only). */
describe('incremental rebuilds', () => {
    const main = 'import { Tokens } from "./text.weft"\ntype Batch = { items: Tokens[] }';

    test('renaming an imported declaration breaks the import, renaming it back fixes it', async () => {
        const workspace = await buildWorkspace({ 'main.weft': main, 'text.weft': 'type Tokens = { ids: int[] }' });
        expect(workspace.diagnostics('main.weft', 'unknown-reference')).toEqual([]);

        await workspace.change('text.weft', 'type Tokenz = { ids: int[] }');
        expect(workspace.diagnostics('main.weft', 'unknown-reference').map(diagnostic => diagnostic.message))
            .toEqual(['Cannot find `Tokens` in "./text.weft". Did you mean `Tokenz`?']);

        await workspace.change('text.weft', '\n\ntype Tokens = { ids: int[] }');
        expect(workspace.diagnostics('main.weft', 'unknown-reference')).toEqual([]);
        // The use links to the new declaration, not to the one of the first build.
        const target = referencesNamed(workspace.document('main.weft'), 'Tokens')[1]?.ref;
        expect([fileOf(target), lineOf(target)]).toEqual(['text.weft', 3]);
    });

    test('creating a missing imported file resolves the import', async () => {
        const workspace = await buildWorkspace({ 'main.weft': main });
        expect(workspace.diagnostics('main.weft', 'import-not-found')).toHaveLength(1);

        await workspace.change('text.weft', 'type Tokens = { ids: int[] }');
        expect(workspace.diagnostics('main.weft', 'import-not-found')).toEqual([]);
        expect(referencesNamed(workspace.document('main.weft'), 'Tokens')[1]?.ref?.$type).toBe('TypeDeclaration');
    });

    test('a version bump of a package module is checked again', async () => {
        const workspace = await buildWorkspace({
            'package.json': '{ "dependencies": { "text": "^1.0.0" } }',
            'main.weft': 'import { Tokens } from "text/tokens.weft"',
            'node_modules/text/tokens.weft': 'module text version "1.3.0"\ntype Tokens = { ids: int[] }',
        });
        expect(workspace.diagnostics('main.weft', 'version-mismatch')).toEqual([]);

        await workspace.change('node_modules/text/tokens.weft', 'module text version "2.0.0"\ntype Tokens = { ids: int[] }');
        expect(workspace.diagnostics('main.weft', 'version-mismatch').map(diagnostic => diagnostic.message))
            .toEqual(['"text/tokens.weft" is module `text` version 2.0.0, but package.json asks for `text` ^1.0.0.']);
    });
});

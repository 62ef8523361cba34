import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import yauzl from 'yauzl';

const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsix = path.join(extensionFolder, 'out/weft.vsix');

function entriesOf(file: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
        yauzl.open(file, { lazyEntries: true }, (error, zip) => {
            if (error || !zip) return reject(error);
            const names: string[] = [];
            zip.on('entry', entry => { names.push(entry.fileName); zip.readEntry(); });
            zip.on('end', () => resolve(names));
            zip.on('error', reject);
            zip.readEntry();
        });
    });
}

describe('the packaged extension', () => {
    let entries: string[];
    beforeAll(() => {
        // `npm run build` in this package: bundle with esbuild, package with @vscode/vsce.
        execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: extensionFolder, stdio: 'inherit' });
        execFileSync(process.execPath, ['scripts/package-vsix.mjs'], { cwd: extensionFolder, stdio: 'ignore', env: { ...process.env, PATH: `${path.join(extensionFolder, '../../node_modules/.bin')}:${process.env.PATH}` } });
    }, 120_000);

    test('holds the bundled client and server, the grammar, snippets and z3-solver with its wasm', async () => {
        entries = await entriesOf(vsix);
        expect(entries).toEqual(expect.arrayContaining([
            'extension/package.json', 'extension/out/extension.cjs', 'extension/out/server.cjs',
            'extension/syntaxes/weft.tmLanguage.json', 'extension/language-configuration.json', 'extension/snippets/weft.json',
            'extension/readme.md', 'extension/images/graph-view.png', 'extension/node_modules/z3-solver/package.json', 'extension/node_modules/z3-solver/build/z3-built.wasm',
        ]));
        expect(entries.some(entry => entry.endsWith('.map'))).toBe(false);
    });
});

import { beforeAll, describe, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { expectFreshVsix, vsix } from './packaged-vsix.js';

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

/** The bytes of one entry of the zip `file`. */
function contentOf(file: string, name: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        yauzl.open(file, { lazyEntries: true }, (error, zip) => {
            if (error || !zip) return reject(error);
            zip.on('entry', entry => {
                if (entry.fileName !== name) return zip.readEntry();
                zip.openReadStream(entry, (streamError, stream) => {
                    if (streamError || !stream) return reject(streamError);
                    const chunks: Buffer[] = [];
                    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
                    stream.on('end', () => { zip.close(); resolve(Buffer.concat(chunks)); });
                    stream.on('error', reject);
                });
            });
            zip.on('end', () => reject(new Error(`${name} is not in ${file}`)));
            zip.on('error', reject);
            zip.readEntry();
        });
    });
}

describe('the packaged extension', () => {
    let entries: string[];
    beforeAll(() => {
        expectFreshVsix();
    });

    test('holds the bundled client and server, the grammar, snippets and z3-solver with its wasm', async () => {
        entries = await entriesOf(vsix);
        expect(entries).toEqual(expect.arrayContaining([
            'extension/package.json', 'extension/out/extension.cjs', 'extension/out/server.cjs',
            'extension/syntaxes/weft.tmLanguage.json', 'extension/language-configuration.json', 'extension/snippets/weft.json',
            'extension/readme.md', 'extension/images/graph-view.png', 'extension/images/icon.png', 'extension/node_modules/z3-solver/package.json', 'extension/node_modules/z3-solver/build/z3-built.wasm',
        ]));
        expect(entries.some(entry => entry.endsWith('.map'))).toBe(false);
    });

    test('its manifest names the icon, a 128×128 PNG, and holds the task, problem matcher, restart command and trace setting', async () => {
        const manifest = JSON.parse((await contentOf(vsix, 'extension/package.json')).toString('utf8'));
        expect(manifest.icon).toBe('images/icon.png');
        const icon = await contentOf(vsix, 'extension/images/icon.png');
        // The PNG signature, then the IHDR chunk: width and height, big-endian.
        expect(icon.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([128, 128]);
        expect(manifest.contributes.taskDefinitions.map((definition: { type: string }) => definition.type)).toEqual(['weft']);
        expect(manifest.contributes.problemMatchers.map((matcher: { name: string }) => matcher.name)).toEqual(['weft']);
        expect(manifest.contributes.commands.map((command: { command: string }) => command.command)).toContain('weft.restartServer');
        expect(Object.keys(manifest.contributes.configuration.properties)).toContain('weft.trace.server');
        expect(manifest.activationEvents).toContain('onTaskType:weft');
    });
});

// A step's bundle is made once and reused while no file it read changed (bundling/bundle-memo.ts):
// the cache key needs the bundle before a hit can be decided, and esbuild costs about a second
// here, so a warm hit must cost only a stat per file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStates } from '../../src/bundling/bundle-memo.js';
import { bundleStep } from '../../src/bundling/bundle-step.js';

async function project(): Promise<string> {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-memo-'));
    const files: Record<string, string> = {
        'package.json': '{ "name": "memo", "type": "module" }\n',
        'step.ts': "import shout from 'shout';\nexport async function step() { return { value: shout('a') }; }\n",
        'node_modules/shout/package.json': '{ "name": "shout", "main": "index.js" }\n',
        'node_modules/shout/index.js': 'module.exports = text => text.toUpperCase();\n',
        'node_modules/shout/other.js': "module.exports = text => text + '!';\n",
    };
    for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
    }
    // A file changed in the millisecond a build starts is never memoised (the last test): start later.
    await new Promise(resolve => setTimeout(resolve, 5));
    return root;
}

/** The one memo file of the project's bundles, and when it was last written. */
function memo(root: string): { inputs: Record<string, unknown>; written: bigint } {
    const folder = path.join(root, '.weft', 'bundles', 'memo');
    const [name, ...others] = readdirSync(folder);
    expect(others).toEqual([]);
    const file = path.join(folder, name!);
    return { inputs: (JSON.parse(readFileSync(file, 'utf8')) as { inputs: Record<string, unknown> }).inputs, written: statSync(file, { bigint: true }).mtimeNs };
}

describe('the bundle memo', () => {
    it('names every file that put code into the bundle; answers again without bundling while no file read changed, a touch included', async () => {
        const root = await project();
        const cacheDir = path.join(root, '.weft');
        const first = await bundleStep(root, 'step.ts', 'step', cacheDir);
        // The files that put code into it; of Weft's, the value codec and the handles it needs.
        expect(Object.keys(first.inputs).filter(name => !name.startsWith('@weft/'))).toEqual(['node_modules/shout/index.js', 'step.ts']);
        expect(first.inputs['step.ts']).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(Object.keys(first.inputs).some(name => name.startsWith('@weft/runtime/dist/'))).toBe(true);
        const before = memo(root);
        expect(Object.keys(before.inputs)).toContain(path.join(root, 'step.ts'));
        expect(Object.keys(before.inputs).length).toBeGreaterThan(Object.keys(first.inputs).length); // it watches what esbuild read and dropped too

        const past = new Date(Date.now() - 60_000);
        utimesSync(path.join(root, 'step.ts'), past, past); // another stat, the same content
        const again = await bundleStep(root, 'step.ts', 'step', cacheDir);
        expect(again).toEqual(first);
        expect(memo(root).written).toBe(before.written); // not bundled again
    }, 60_000);

    it('bundles again when a file changed: a comment keeps the code digest, a package.json that points elsewhere changes it', async () => {
        const root = await project();
        const cacheDir = path.join(root, '.weft');
        const first = await bundleStep(root, 'step.ts', 'step', cacheDir);

        writeFileSync(path.join(root, 'step.ts'), `// A comment.\n${readFileSync(path.join(root, 'step.ts'), 'utf8')}`);
        const commented = await bundleStep(root, 'step.ts', 'step', cacheDir);
        expect(commented.code).toBe(first.code);
        expect(commented.inputs['step.ts']).not.toBe(first.inputs['step.ts']);

        // Not in the bundle, but it decides which file is: a guard of the memo.
        writeFileSync(path.join(root, 'node_modules/shout/package.json'), '{ "name": "shout", "main": "other.js" }\n');
        const repointed = await bundleStep(root, 'step.ts', 'step', cacheDir);
        expect(repointed.code).not.toBe(first.code);
        expect(Object.keys(repointed.inputs)).toContain('node_modules/shout/other.js');
        const module = await import(repointed.file) as { step: () => Promise<unknown> };
        expect(await module.step()).toEqual({ value: 'a!' });
    }, 60_000);

    it('keeps a memo for a step in a folder below its project (as `weft run examples/x/p.weft` has it): the next request does not bundle', async () => {
        const root = await project();
        const pipelines = path.join(root, 'pipelines');
        mkdirSync(pipelines);
        writeFileSync(path.join(pipelines, 'step.ts'), "import shout from 'shout';\nexport async function step() { return { value: shout('b') }; }\n");
        await new Promise(resolve => setTimeout(resolve, 5));
        const cacheDir = path.join(root, '.weft');
        const first = await bundleStep(pipelines, 'step.ts', 'step', cacheDir);
        expect(Object.keys(first.inputs)).toContain('pipelines/step.ts');
        const before = memo(root);
        expect(Object.keys(before.inputs)).toContain(path.join(pipelines, 'step.ts'));
        expect(await bundleStep(pipelines, 'step.ts', 'step', cacheDir)).toEqual(first);
        expect(memo(root).written).toBe(before.written);
    }, 60_000);

    it('keeps no memo of a build during which a file it read was edited: esbuild may have read the older text', async () => {
        const root = await project();
        const step = path.join(root, 'step.ts');
        const lock = path.join(root, 'package-lock.json'); // a guard that does not exist
        // A build that started 1 ms before the step was written may have read the older text.
        const edited = await fileStates([step], [lock], statSync(step).mtimeMs - 1);
        expect(edited.settled).toBe(false);
        const untouched = await fileStates([step], [lock], Date.now() + 1000);
        expect(untouched.settled).toBe(true);
        expect(untouched.inputs[step]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(untouched.guards[lock]).toBeNull();
        const gone = await fileStates([path.join(root, 'gone.ts')], [], Date.now() + 1000); // an input deleted since
        expect(gone.settled).toBe(false);
    });
});

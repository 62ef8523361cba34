// esbuild bundles a step on the host with weft's rights: what a step imports is read there and
// inlined. These tests bundle real projects with real esbuild: what a step may import still
// works, and every way to reach a host file (or the project's .weft) is refused by name, with
// no bundle written. The same attacks as real steps under gVisor: test/sandbox/sandbox-bundling.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, bundleStep } from '../../src/bundling/bundle-step.js';
import { projectFolder } from '../../src/bundling/project-folder.js';

// Outside every project below.
const outside = mkdtempSync(path.join(tmpdir(), 'weft-host-'));
const secretFile = path.join(outside, 'secret.txt');
writeFileSync(secretFile, 'host secret 7f3a\n', { mode: 0o600 });

/** A project folder (with a package.json) holding `files`; a new one under the temporary folder unless given. */
function project(files: Record<string, string>, root = mkdtempSync(path.join(tmpdir(), 'weft-confine-'))): string {
    for (const [name, content] of Object.entries({ 'package.json': '{ "type": "module" }\n', ...files })) {
        mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        writeFileSync(path.join(root, name), content);
    }
    return root;
}

/** Bundles `module#exportName` of `root` and imports the bundle's step. */
async function stepOf(root: string, module: string, exportName: string): Promise<() => Promise<unknown>> {
    const bundle = await bundleStep(root, module, exportName, path.join(root, '.weft'));
    return ((await import(bundle.file)) as { step: () => Promise<unknown> }).step;
}

/** The message of the `BundleError` bundling `module#exportName` of `root` throws; no bundle is written. */
async function refusal(root: string, module: string, exportName: string): Promise<string> {
    const error = await bundleStep(root, module, exportName, path.join(root, '.weft')).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BundleError);
    const bundles = path.join(root, '.weft', 'bundles');
    expect(existsSync(bundles) ? readdirSync(bundles) : []).toEqual([]);
    return (error as BundleError).message;
}

describe('what a step may import', () => {
    it('relative modules, JSON, text and bytes of project files, packages (scoped, CommonJS), @weft/runtime and builtins', async () => {
        const root = project({
            'steps/main.ts': [
                "import { helper } from './lib/helper.ts';",
                "import settings from '../config/settings.json';",
                "import notes from '../data/notes.md' with { type: 'text' };",
                "import raw from '../data/notes.md' with { type: 'bytes' };",
                "import { greet } from '@acme/greet';",
                "import pad from 'left-pad-cjs';",
                "import { Dataset } from '@weft/runtime';",
                "import * as path from 'node:path';",
                "import { EOL } from 'os';",
                'export async function main() {',
                "    return { helper: helper(), settings, notes, bytes: raw.length, greet: greet('ada'), pad: pad('7', 3), dataset: typeof Dataset, base: path.basename('/a/b.c'), eol: EOL };",
                '}',
            ].join('\n'),
            'steps/lib/helper.ts': "export const helper = (): string => 'helped';\n",
            'config/settings.json': '{ "threshold": 0.5 }\n',
            'data/notes.md': '# notes\n',
            'node_modules/@acme/greet/package.json': '{ "name": "@acme/greet", "type": "module", "exports": "./index.js" }\n',
            'node_modules/@acme/greet/index.js': 'export const greet = name => `hello ${name}`;\n',
            'node_modules/left-pad-cjs/package.json': '{ "name": "left-pad-cjs", "main": "index.js" }\n',
            'node_modules/left-pad-cjs/index.js': "module.exports = (text, width) => require('node:util').format('%s', text).padStart(width, '0');\n",
        });
        expect(await (await stepOf(root, 'steps/main.ts', 'main'))()).toEqual({
            helper: 'helped', settings: { threshold: 0.5 }, notes: '# notes\n', bytes: 8, greet: 'hello ada', pad: '007', dataset: 'function', base: 'b.c', eol: '\n',
        });
    });

    it('a step whose .weft file sits below the project imports across the project (the project is where package.json is)', async () => {
        const root = project({
            'weft/.keep': '',
            'src/steps/score.ts': "import { weight } from '../model/weight.ts';\nexport async function score() { return { score: weight * 2 }; }\n",
            'src/model/weight.ts': 'export const weight = 21;\n',
        });
        expect(projectFolder(path.join(root, 'weft'))).toBe(root);
        expect(await (await stepOf(path.join(root, 'weft'), '../src/steps/score.ts', 'score'))()).toEqual({ score: 42 });
    });

    it('the host environment is not inlined: process.env stays a lookup in the sandbox', async () => {
        process.env['WEFT_BUNDLING_ENV_SECRET'] = 'env secret 91c2';
        const root = project({ 'env.ts': "export async function env() { return { value: process.env['WEFT_BUNDLING_ENV_SECRET'] ?? null }; }\n" });
        const bundle = await bundleStep(root, 'env.ts', 'env', path.join(root, '.weft'));
        expect(readFileSync(bundle.file, 'utf8')).not.toContain('env secret 91c2');
        expect(readFileSync(bundle.file, 'utf8')).toContain("process.env[\"WEFT_BUNDLING_ENV_SECRET\"]");
        delete process.env['WEFT_BUNDLING_ENV_SECRET'];
    });
});

describe('what a step may not import', () => {
    it('a host file by absolute path, as text or bytes', async () => {
        for (const type of ['text', 'bytes']) {
            const root = project({ 'leak.ts': `import s from ${JSON.stringify(secretFile)} with { type: '${type}' };\nexport async function leak() { return { s }; }\n` });
            expect(await refusal(root, 'leak.ts', 'leak')).toBe(`cannot bundle leak.ts: leak.ts:1: import ${JSON.stringify(secretFile)} is refused: ${secretFile} is outside the project`);
        }
        const root = project({ 'shadow.ts': "import s from '/etc/shadow' with { type: 'text' };\nexport async function shadow() { return { s }; }\n" });
        expect(await refusal(root, 'shadow.ts', 'shadow')).toBe("cannot bundle shadow.ts: shadow.ts:1: import '/etc/shadow' is refused: /etc/shadow is outside the project");
    });

    it("the project's .weft folder: the run store, bundles, artifacts; also a nested project's", async () => {
        const root = project({
            '.weft/runs.db': 'SQLite format 3\0',
            'steps/store.ts': "import s from '../.weft/runs.db' with { type: 'bytes' };\nexport async function store() { return { s }; }\n",
            'sub/.weft/runs.db': 'SQLite format 3\0',
            'steps/nested.ts': "import s from '../sub/.weft/runs.db' with { type: 'bytes' };\nexport async function nested() { return { s }; }\n",
        });
        expect(await refusal(root, 'steps/store.ts', 'store'))
            .toBe(`cannot bundle steps/store.ts: steps/store.ts:1: import '../.weft/runs.db' is refused: ${root}/.weft/runs.db is in weft's cache folder`);
        expect(await refusal(root, 'steps/nested.ts', 'nested'))
            .toBe(`cannot bundle steps/nested.ts: steps/nested.ts:1: import '../sub/.weft/runs.db' is refused: ${root}/sub/.weft/runs.db is in a .weft folder`);
    });

    it('/proc (the environment of weft run), /dev and /sys', async () => {
        const root = project({
            'environ.ts': "import s from '/proc/self/environ' with { type: 'text' };\nexport async function environ() { return { s }; }\n",
            'null.ts': "import s from '/dev/null' with { type: 'text' };\nexport async function devNull() { return { s }; }\n",
            'sys.ts': "import s from '/sys/devices/virtual/net/lo/address' with { type: 'text' };\nexport async function sys() { return { s }; }\n",
        });
        expect(await refusal(root, 'environ.ts', 'environ')).toMatch(/^cannot bundle environ\.ts: environ\.ts:1: import '\/proc\/self\/environ' is refused: \/proc\/\d+\/environ is in \/proc$/);
        expect(await refusal(root, 'null.ts', 'devNull')).toBe("cannot bundle null.ts: null.ts:1: import '/dev/null' is refused: /dev/null is in /dev");
        expect(await refusal(root, 'sys.ts', 'sys')).toBe("cannot bundle sys.ts: sys.ts:1: import '/sys/devices/virtual/net/lo/address' is refused: /sys/devices/virtual/net/lo/address is in /sys");
    });

    it('a symlink in the project, or a package in node_modules, that leads out of it', async () => {
        const root = project({
            'link.ts': "import s from './data/link.txt' with { type: 'text' };\nexport async function link() { return { s }; }\n",
            'package.ts': "import s from 'evil';\nexport async function fromPackage() { return { s }; }\n",
        });
        mkdirSync(path.join(root, 'data'));
        symlinkSync(secretFile, path.join(root, 'data', 'link.txt'));
        writeFileSync(path.join(outside, 'package.json'), '{ "name": "evil", "main": "secret.txt" }\n');
        mkdirSync(path.join(root, 'node_modules'));
        symlinkSync(outside, path.join(root, 'node_modules', 'evil'));
        expect(await refusal(root, 'link.ts', 'link')).toBe(`cannot bundle link.ts: link.ts:1: import './data/link.txt' is refused: ${secretFile} is outside the project`);
        expect(await refusal(root, 'package.ts', 'fromPackage')).toBe(`cannot bundle package.ts: package.ts:1: import 'evil' is refused: ${secretFile} is outside the project`);
    });

    it("esbuild's own errors about a host file it followed (a package.json symlink, a tsconfig.json extends) are not repeated: they quote it", async () => {
        const viaPackage = project({ 'package.ts': "import s from 'evil';\nexport async function fromPackage() { return { s }; }\n" });
        mkdirSync(path.join(viaPackage, 'node_modules', 'evil'), { recursive: true });
        symlinkSync(secretFile, path.join(viaPackage, 'node_modules', 'evil', 'package.json'));
        const packageMessage = await refusal(viaPackage, 'package.ts', 'fromPackage');
        expect(packageMessage).toBe(`cannot bundle package.ts: esbuild could not use ${viaPackage}/node_modules/evil/package.json, which it may not read: `
            + `${viaPackage}/node_modules/evil/package.json leads to ${secretFile}, which is outside the project (its error is not shown, as it may quote the file); Could not resolve "evil"`);
        const viaTsconfig = project({
            'tsconfig.json': `{ "extends": ${JSON.stringify(secretFile)} }\n`,
            'step.ts': 'export async function step() { return {}; }\n',
        });
        expect(await refusal(viaTsconfig, 'step.ts', 'step'))
            .toBe(`cannot bundle step.ts: esbuild could not use ${secretFile}, which it may not read: ${secretFile} is outside the project (its error is not shown, as it may quote the file)`);
    });

    it('require() of a host path in CommonJS, plainly or through a pattern esbuild expands', async () => {
        // The project sits beside a host file, so that a pattern reaching above it finds one.
        const parent = mkdtempSync(path.join(tmpdir(), 'weft-host-'));
        writeFileSync(path.join(parent, 'beside.txt'), 'host secret 7f3a\n', { mode: 0o600 });
        const root = project({
            'steps/plain.cjs': `const s = require(${JSON.stringify(secretFile)});\nexports.plain = async () => ({ s });\n`,
            'steps/pattern.cjs': "exports.pattern = async name => ({ s: require('../../' + name + '.txt') });\n",
        }, path.join(parent, 'project'));
        expect(await refusal(root, 'steps/plain.cjs', 'plain')).toBe(`cannot bundle steps/plain.cjs: steps/plain.cjs:1: import ${JSON.stringify(secretFile)} is refused: ${secretFile} is outside the project`);
        // esbuild turns `require('../../' + name + '.txt')` into every .txt file below the project's
        // parent and loads them without resolving each: the load is refused.
        expect(await refusal(root, 'steps/pattern.cjs', 'pattern'))
            .toBe(`cannot bundle steps/pattern.cjs: steps/pattern.cjs:1: import '../../' + name + '.txt' is refused: ${parent}/beside.txt is outside the project`);
    });

    it('the step module itself outside the project (and a missing one, which is not a refusal)', async () => {
        const root = project({});
        const relative = path.relative(root, secretFile);
        expect(await refusal(root, relative, 'step')).toBe(`cannot bundle ${relative}: the step module is refused: ${secretFile} is outside the project`);
        // A module that does not exist is esbuild's own error, not a refusal.
        expect(await refusal(root, 'missing.ts', 'step')).toBe(`cannot bundle missing.ts: Could not resolve ${JSON.stringify(path.join(root, 'missing.ts'))}`);
    });

    it('text, bytes and other loaders beyond modules and JSON: only for project files, and only by attribute', async () => {
        const root = project({
            'plain.ts': "import s from './notes.txt';\nexport async function plain() { return { s }; }\n",
            'notes.txt': 'notes\n',
            'fromPackage.ts': "import s from 'pkg/readme.md' with { type: 'text' };\nexport async function fromPackage() { return { s }; }\n",
            'node_modules/pkg/package.json': '{ "name": "pkg" }\n',
            'node_modules/pkg/readme.md': '# pkg\n',
        });
        expect(await refusal(root, 'plain.ts', 'plain'))
            .toBe(`cannot bundle plain.ts: plain.ts:1: import './notes.txt' is refused: ${root}/notes.txt is not a JavaScript, TypeScript or JSON module (import a project file with { type: 'text' } or { type: 'bytes' })`);
        expect(await refusal(root, 'fromPackage.ts', 'fromPackage'))
            .toBe(`cannot bundle fromPackage.ts: fromPackage.ts:1: import 'pkg/readme.md' is refused: { type: 'text' } is allowed only for files of the project, not of its packages`);
    });
});

describe('the bundle on disk', () => {
    it('lies in a folder only weft\'s user may enter (0700), read-only (0444) so a sandbox\'s uid 65534 reads it through its mount', async () => {
        const root = project({ 'noop.ts': 'export async function noop() { return {}; }\n' });
        mkdirSync(path.join(root, '.weft', 'bundles'), { recursive: true, mode: 0o755 });
        const bundle = await bundleStep(root, 'noop.ts', 'noop', path.join(root, '.weft'));
        expect(path.dirname(bundle.file)).toBe(path.join(root, '.weft', 'bundles'));
        expect(statSync(path.dirname(bundle.file)).mode & 0o7777).toBe(0o700);
        expect(statSync(bundle.file).mode & 0o7777).toBe(0o444);
        // Beside the bundles only the memo folder (bundle-memo.ts), written when no input changed during the build.
        const entries = readdirSync(path.dirname(bundle.file));
        expect(entries.filter(name => name !== 'memo')).toEqual([path.basename(bundle.file)]);
        if (entries.includes('memo')) expect(statSync(path.join(path.dirname(bundle.file), 'memo')).mode & 0o7777).toBe(0o700);
    });
});

// A hostile step's code is bundled on the host before its sandbox starts: each way of making
// esbuild inline a host file is a real step, run by the engine under the gvisor executor with
// the project's run store in its `.weft`, as `weft run` does. Each fails for good with the
// bundling error and nothing of the host file reaches the disk; a normal step still runs in
// gVisor from a bundle no other host user can read.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanNode } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { plan } from '../execution/plan-fixtures.js';
import { failedOnce, type SandboxRun, stepNode } from './sandbox-runs.js';

const marker = `host secret ${process.pid}-${Date.now().toString(36)}`;
const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'weft-host-')), 'secret.txt');
writeFileSync(secretFile, `${marker}\n`, { mode: 0o600 });
// The environment of this process (weft run's), which `/proc/self/environ` would give away.
process.env['WEFT_BUNDLING_SECRET'] = marker;

const project = mkdtempSync(path.join(tmpdir(), 'weft-hostile-project-'));
const files: Record<string, string> = {
    'package.json': '{ "type": "module" }\n',
    'steps/text.ts': `import s from ${JSON.stringify(secretFile)} with { type: 'text' };\nexport async function text() { return { content: s }; }\n`,
    'steps/bytes.ts': `import s from ${JSON.stringify(secretFile)} with { type: 'bytes' };\nexport async function bytes() { return { content: Array.from(s) }; }\n`,
    'steps/store.ts': "import s from '../.weft/runs.db' with { type: 'bytes' };\nexport async function store() { return { content: Array.from(s) }; }\n",
    'steps/environ.ts': "import s from '/proc/self/environ' with { type: 'text' };\nexport async function environ() { return { content: s }; }\n",
    'steps/link.ts': "import s from '../data/notes.txt' with { type: 'text' };\nexport async function link() { return { content: s }; }\n",
    'steps/require.cjs': `const s = require(${JSON.stringify(secretFile)});\nexports.required = async () => ({ content: s });\n`,
    'steps/normal.ts': [
        "import notes from '../data/notes.md' with { type: 'text' };",
        "import settings from '../data/settings.json';",
        "import { greet } from '@acme/greet';",
        "import pad from 'left-pad-cjs';",
        "import { Dataset } from '@weft/runtime';",
        "import { basename } from 'node:path';",
        'export async function normal() {',
        "    return { content: { notes, settings, greet: greet('ada'), pad: pad('7', 3), dataset: typeof Dataset, base: basename('/a/b.c') } };",
        '}',
    ].join('\n'),
    'data/notes.md': '# notes\n',
    'data/settings.json': '{ "threshold": 0.5 }\n',
    'node_modules/@acme/greet/package.json': '{ "name": "@acme/greet", "type": "module", "exports": "./index.js" }\n',
    'node_modules/@acme/greet/index.js': 'export const greet = name => `hello ${name}`;\n',
    'node_modules/left-pad-cjs/package.json': '{ "name": "left-pad-cjs", "main": "index.js" }\n',
    'node_modules/left-pad-cjs/index.js': "module.exports = (text, width) => String(text).padStart(width, '0');\n",
};
for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), content);
}
// A symlink in the project that leads to the host file.
symlinkSync(secretFile, path.join(project, 'data', 'notes.txt'));

// The project's state as `weft run` keeps it: run store, bundles, artifacts and work folders in `.weft`.
// Both open to all, so that only the bundles folder keeps other host users out.
const stateFolder = path.join(project, '.weft');
mkdirSync(stateFolder);
chmodSync(project, 0o755);
chmodSync(stateFolder, 0o755);
const store = new SqliteRunStore(path.join(stateFolder, 'runs.db'));
const gvisor = createExecutor('gvisor', { cacheDir: stateFolder, gracePeriodMs: 1000 });
let runs = 0;

/** Runs `module#exportName` as the one step `s` of a pipeline, in a gVisor sandbox. */
async function runStep(module: string, exportName: string): Promise<SandboxRun> {
    const base = stepNode('s', exportName, {}, {}, ['content']);
    const node: PlanNode = { ...base, call: { ...base.call, implementation: { module, export: exportName } } } as PlanNode;
    const runId = `bundling-${process.pid}-${++runs}`;
    const result = await runPipeline(plan([node]), {}, { root: project, workRoot: path.join(stateFolder, 'work'), store, runId, executor: gvisor });
    return { result, store, runId, storeFile: path.join(stateFolder, 'runs.db') };
}

/** Every file below `folder`. */
function filesBelow(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true, recursive: true }).filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
}

const attacks = [
    { what: 'an absolute host path imported as text', module: 'steps/text.ts', exportName: 'text', refusal: `steps/text.ts:1: import ${JSON.stringify(secretFile)} is refused: ${secretFile} is outside the project` },
    { what: 'an absolute host path imported as bytes', module: 'steps/bytes.ts', exportName: 'bytes', refusal: `steps/bytes.ts:1: import ${JSON.stringify(secretFile)} is refused: ${secretFile} is outside the project` },
    { what: 'the run store, ../.weft/runs.db, as bytes', module: 'steps/store.ts', exportName: 'store', refusal: `steps/store.ts:1: import '../.weft/runs.db' is refused: ${stateFolder}/runs.db is in weft's cache folder` },
    { what: "weft run's environment, /proc/self/environ", module: 'steps/environ.ts', exportName: 'environ', refusal: /^steps\/environ\.ts:1: import '\/proc\/self\/environ' is refused: \/proc\/\d+\/environ is in \/proc$/ },
    { what: 'a symlink in the project that leads to a host file', module: 'steps/link.ts', exportName: 'link', refusal: `steps/link.ts:1: import '../data/notes.txt' is refused: ${secretFile} is outside the project` },
    { what: 'require() of a host path in CommonJS', module: 'steps/require.cjs', exportName: 'required', refusal: `steps/require.cjs:1: import ${JSON.stringify(secretFile)} is refused: ${secretFile} is outside the project` },
];

describe('a step whose bundle would read the host, run in gVisor', () => {
    afterAll(() => store.close());

    for (const attack of attacks) {
        it(`fails for good with a BundleError: ${attack.what}`, async () => {
            const run = await runStep(attack.module, attack.exportName);
            expect(run.result.status).toBe('failed');
            const message = failedOnce(run, 's');
            const detail = message.slice(`cannot bundle ${attack.module}: `.length);
            expect(message.startsWith(`cannot bundle ${attack.module}: `), message).toBe(true);
            if (typeof attack.refusal === 'string') expect(detail).toBe(attack.refusal);
            else expect(detail).toMatch(attack.refusal);
            expect(store.events(run.runId, 's').some(event => event.message.includes(marker))).toBe(false);
        });
    }

    it('left nothing of the host file on disk: no bundle was written, and no file of the project state holds the secret', () => {
        const bundles = path.join(stateFolder, 'bundles');
        expect(existsSync(bundles) ? readdirSync(bundles) : []).toEqual([]);
        const encodings = [marker, Buffer.from(marker).toString('base64'), Buffer.from(`${marker}\n`).toString('base64')];
        for (const file of filesBelow(stateFolder)) {
            const content = readFileSync(file, 'latin1');
            expect(encodings.filter(encoding => content.includes(encoding)), file).toEqual([]);
        }
    });

    it('a normal step (project text and JSON, scoped and CommonJS packages, @weft/runtime, builtins) still runs, from a bundle only the sandbox and weft can read', async () => {
        const run = await runStep('steps/normal.ts', 'normal');
        expect(run.result.status).toBe('completed');
        expect(store.tasks(run.runId)[0]?.outputs).toEqual({
            content: { notes: '# notes\n', settings: { threshold: 0.5 }, greet: 'hello ada', pad: '007', dataset: 'function', base: 'b.c' },
        });
        const bundles = path.join(stateFolder, 'bundles');
        const written = readdirSync(bundles).filter(name => name.endsWith('.mjs'));
        expect(written).toHaveLength(1);
        expect(statSync(bundles).mode & 0o7777).toBe(0o700);
        // Beside it, the memo of what it was made from (bundle-memo.ts): weft's alone too.
        expect(readdirSync(bundles).filter(name => !name.endsWith('.mjs'))).toEqual(['memo']);
        expect(statSync(path.join(bundles, 'memo')).mode & 0o7777).toBe(0o700);
        expect(statSync(path.join(bundles, written[0]!)).mode & 0o7777).toBe(0o444);
        // The sandbox's uid 65534 read it through its mount; the same uid on the host cannot reach it.
        const asNobody = spawnSync('cat', [path.join(bundles, written[0]!)], { uid: 65534, gid: 65534, encoding: 'utf8' });
        expect(asNobody.status).not.toBe(0);
        expect(asNobody.stderr).toContain('Permission denied');
    });
});

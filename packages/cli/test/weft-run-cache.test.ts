// The cache key is what runs, through the built bin: a step's key covers its bundle (every project
// and package file esbuild read, by what they compile to), so a comment-only edit hits, an edited
// helper or package misses and `--explain-cache` names the file; `weft resume` holds completed
// tasks to the same notion of changed code.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, runIdIn, startWeft } from './weft-run-helpers.js';

const cleanups: (() => void)[] = [];

beforeAll(() => expectBuiltCli());
afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const target = `
/// Steps as plain child processes: the key is about the bundle, not the sandbox.
target local: sandbox {
  runtime: "process"
  capacity { cpu: 2, memory: 1Gi, gpu: 0 }
}
`;

/** A project in a temp folder: a cached step that imports a helper module and a package of its own node_modules, and a chain with a slow middle step to abandon. */
function cacheProject(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-cache-'));
    const files: Record<string, string> = {
        'package.json': '{ "name": "cache-project", "private": true, "type": "module" }\n',
        'cached.weft': `
step label(alpha: float) -> (value: string) {
  run: "./steps/label.ts#label"
  cache: { version: "1" }
}

pipeline cached(alpha: float = 0.5) -> (result: string) {
  targets: [local]
  let l = label(alpha)
  return { result: l.value }
}
${target}`,
        'chain.weft': `
step first(n: int) -> (value: string) {
  run: "./steps/chain.ts#first"
}

step slow(x: string, ms: int) -> (value: string) {
  run: "./steps/chain.ts#slow"
  timeout: 1m
}

pipeline chain(n: int = 3, ms: int = 1500) -> (result: string) {
  targets: [local]
  let a = first(n)
  let b = slow(a.value, ms: ms)
  return { result: b.value }
}
${target}`,
        'steps/label.ts': [
            "import leftPad from 'left-pad';",
            "import { prefix } from './helper.ts';",
            '',
            'export async function label(inputs: { alpha: number }): Promise<{ value: string }> {',
            '    return { value: leftPad(`${prefix}${inputs.alpha}`, 8) };',
            '}',
            '',
        ].join('\n'),
        'steps/helper.ts': "export const prefix = 'a=';\n",
        'steps/chain.ts': [
            "import leftPad from 'left-pad';",
            '',
            'export async function first(inputs: { n: number }): Promise<{ value: string }> {',
            '    return { value: leftPad(String(inputs.n), 4) };',
            '}',
            '',
            'export async function slow(inputs: { x: string, ms: number }): Promise<{ value: string }> {',
            '    await new Promise(resolve => setTimeout(resolve, inputs.ms));',
            '    return { value: `${inputs.x}!` };',
            '}',
            '',
        ].join('\n'),
        'node_modules/left-pad/package.json': '{ "name": "left-pad", "version": "1.3.0", "main": "index.js" }\n',
        'node_modules/left-pad/index.js': "module.exports = function leftPad(text, width) { return String(text).padStart(width, '.'); };\n",
    };
    for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
        writeFileSync(path.join(folder, file), text);
    }
    return folder;
}

function edit(folder: string, file: string, change: (text: string) => string): void {
    const full = path.join(folder, file);
    const before = readFileSync(full, 'utf8');
    const after = change(before);
    expect(after).not.toBe(before);
    writeFileSync(full, after);
}

/** `weft run cached.weft --explain-cache`: the label task's cache line, the run's id and its result. */
function runCached(folder: string, ...args: string[]): { line: string; runId: string; result: unknown } {
    const run = runWeft(['run', 'cached.weft', '--explain-cache', ...args], { cwd: folder });
    expect(run.stderr).not.toMatch(/^weft:/m);
    expect(run.status).toBe(0);
    const line = /^ {2}l: (.*)$/m.exec(run.stdout);
    expect(line, run.stdout).not.toBeNull();
    const result = /^ {2}result: (.*)$/m.exec(run.stdout)?.[1];
    return { line: line![1]!, runId: runIdIn(run.stderr), result };
}

describe('the cache key is what runs (weft run --explain-cache)', () => {
    it('hits again and after a comment-only edit; misses naming the helper, the package file, the input or cache.version that changed', () => {
        const folder = cacheProject();
        const bundles = () => readdirSync(path.join(folder, '.weft', 'bundles')).filter(name => name.endsWith('.mjs'));

        const first = runCached(folder);
        expect(first.line).toBe('miss: label was never cached before');
        expect(first.result).toBe('"...a=0.5"');
        const again = runCached(folder);
        expect(again.line).toMatch(new RegExp(`^hit: same key as run ${first.runId} \\(`));

        // esbuild drops ordinary comments: the bundle's code, and so the key, are the same. The
        // bundle is written again only because its source map moved with the lines (stacks stay right).
        edit(folder, 'steps/label.ts', text => `// Labels a value.\n${text.replace('export async', '/** The label of alpha. */\nexport async')}`);
        expect(runCached(folder).line).toMatch(new RegExp(`^hit: same key as run ${first.runId} \\(`));
        expect(bundles()).toHaveLength(2);

        edit(folder, 'steps/helper.ts', text => text.replace("'a='", "'alpha='"));
        const helper = runCached(folder);
        expect(helper.line).toBe(`miss: implementation changed (steps/helper.ts) since run ${first.runId}`);
        expect(helper.result).toBe('"alpha=0.5"');

        // A package in node_modules is bundled: editing it is a change of what runs.
        edit(folder, 'node_modules/left-pad/index.js', text => text.replace("'.'", "'_'"));
        const dependency = runCached(folder);
        expect(dependency.line).toBe(`miss: dependency changed (node_modules/left-pad/index.js) since run ${helper.runId}`);
        expect(dependency.result).toBe('"alpha=0.5"'); // 9 characters: no padding; the key still changed

        const input = runCached(folder, '--param', 'alpha=0.25');
        expect(input.line).toBe(`miss: input alpha changed since run ${dependency.runId}`);
        expect(input.result).toBe('"alpha=0.25"');

        edit(folder, 'cached.weft', text => text.replace('version: "1"', 'version: "2"'));
        const version = runCached(folder);
        expect(version.line).toBe(`miss: cache.version changed since run ${dependency.runId}`);
        expect(runCached(folder).line).toMatch(new RegExp(`^hit: same key as run ${version.runId} \\(`));
    }, 300_000);

    it('weft resume refuses when a package file a completed step bundles changed, and resumes after a comment-only edit', async () => {
        const folder = cacheProject();
        const run = startWeft(['run', 'chain.weft'], folder, /b {2}running/);
        cleanups.push(() => run.child.kill('SIGKILL'));
        await run.started;
        run.child.kill('SIGKILL');
        await run.exited;
        const runId = runIdIn(run.output().stderr);

        const original = readFileSync(path.join(folder, 'node_modules/left-pad/index.js'), 'utf8');
        edit(folder, 'node_modules/left-pad/index.js', text => text.replace("'.'", "'_'"));
        const refused = runWeft(['resume', runId], { cwd: folder });
        expect(refused.status).toBe(2);
        expect(refused.stderr.split('\n').filter(line => line.startsWith('weft:'))).toEqual([`weft: the code of 1 completed task of run ${runId} changed since it ran: a (step first, steps/chain.ts); `
            + 'resuming would mix results of the old and the new code; run the pipeline again with `weft run`, or pass --accept-changed-code to keep their results']);

        // The package as it was, and comments added to the step: the same code runs.
        writeFileSync(path.join(folder, 'node_modules/left-pad/index.js'), original);
        edit(folder, 'steps/chain.ts', text => `// The chain's steps.\n${text}// end\n`);
        const resumed = runWeft(['resume', runId, '--format', 'json'], { cwd: folder });
        expect(resumed.stderr).not.toMatch(/^weft:/m);
        expect(resumed.status).toBe(0);
        expect(lastJson(resumed.stdout)).toEqual({ runId, status: 'completed', outputs: { result: '...3!' } });
    }, 180_000);
});

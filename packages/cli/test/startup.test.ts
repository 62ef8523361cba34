// `weft check` starts in a fraction of a second because it loads only what checking needs, from
// one bundle (scripts/bundle.mjs, program.ts loading commands on demand). These tests run the real
// bin with a module hook that records every module Node resolves, so a stray import that drags
// the runtime, the Kubernetes client or Z3 back into every check fails here, not in a benchmark.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { binPath, expectBuiltCli, fixturesFolder, runWeft } from './run-weft.js';

expectBuiltCli();

const scratch = mkdtempSync(path.join(tmpdir(), 'weft-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

/** Runs `weft args…` and returns the file URLs of the modules it resolved. */
function modulesLoadedBy(args: readonly string[]): { status: number | null; modules: string[] } {
    const log = path.join(scratch, `modules-${++runs}.txt`);
    const hooks = path.join(scratch, 'hooks.mjs');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
    const resolved = await next(specifier, context);
    appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
    return resolved;
}`);
    const register = path.join(scratch, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    writeFileSync(log, '');
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, binPath, ...args], { cwd: fixturesFolder, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, modules: readFileSync(log, 'utf8').split('\n').filter(line => line.startsWith('file:')) };
}

describe('what weft check loads', () => {
    test('the bundle and the runtime\'s bundling entry (for stale generated contracts), not the rest of the runtime, the Kubernetes client, Z3 or the other commands', () => {
        const { status, modules } = modulesLoadedBy(['check', 'clean']);
        expect(status).toBe(0);
        expect(modules.some(url => url.includes('/packages/cli/bundle/main.js'))).toBe(true);
        // `weft check` looks for stale generated contracts through `@weft/runtime/bundling` alone.
        expect(modules.filter(url => url.includes('/packages/runtime/dist/') && !url.includes('/runtime/dist/contract/') && !url.includes('/runtime/dist/bundling/'))).toEqual([]);
        // Of @weft/contract, only the errors' entry: the bundle holds what else it needs.
        expect(modules.filter(url => url.includes('/packages/contract/dist/') && !url.includes('/contract/dist/errors/'))).toEqual([]);
        // esbuild walks the imports of the fixture's one step, for generated modules it needs that are not on disk.
        expect(modules.filter(url => /node_modules\/(@kubernetes|z3-solver|@viz-js)\//.test(url))).toEqual([]);
        expect(modules.filter(url => /node_modules\/(langium|chevrotain|lodash-es)\//.test(url))).toEqual([]);
        expect(modules.filter(url => /(run|keygen|manifests|lsp)-command/.test(url))).toEqual([]);
    });

    test('a check whose where clause needs the solver loads Z3 then', () => {
        // `where` clauses that only Z3 can decide (non-linear) make the check start it.
        const folder = mkdtempSync(path.join(scratch, 'solver-'));
        writeFileSync(path.join(folder, 'steps.ts'), 'export function pick() {}\n');
        writeFileSync(path.join(folder, 'solver.weft'), [
            'module solver version "1.0.0"',
            'step pick(a: int, b: int) -> (out: int) {',
            '  run: "./steps.ts#pick"',
            '  where a * b == 7 && a > 1 && b > 1',
            '}',
            '',
        ].join('\n'));
        const { status, modules } = modulesLoadedBy(['check', folder]);
        expect(status).toBe(1);
        expect(modules.some(url => url.includes('node_modules/z3-solver/'))).toBe(true);
    });

    test('weft test loads the runtime\'s bundling entry, not the engine: pipelines run in the test processes', () => {
        const folder = mkdtempSync(path.join(scratch, 'tests-'));
        writeFileSync(path.join(folder, 'package.json'), '{}');
        writeFileSync(path.join(folder, 'empty.weft.test.ts'), 'export {};\n');
        const { status, modules } = modulesLoadedBy(['test', folder]);
        expect(status).toBe(0);
        expect(modules.some(url => url.includes('/runtime/dist/bundling/'))).toBe(true);
        expect(modules.filter(url => /\/runtime\/dist\/(execution|testing|store|executors)\//.test(url))).toEqual([]);
    });

    test('help lists every command', () => {
        const result = spawnSync(process.execPath, [binPath, '--help'], { encoding: 'utf8' });
        expect(result.status).toBe(0);
        for (const command of ['check', 'generate', 'graph', 'init', 'lsp', 'run', 'runs', 'show', 'logs', 'resume', 'cancel', 'pause', 'manifests', 'keygen', 'sign', 'verify', 'lineage', 'test']) {
            expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
        }
    });
});

describe('the compile cache', () => {
    // bin/weft.js turns on Node's compile cache, under the temporary folder unless told otherwise.
    const cacheUnder = (env: Record<string, string>): boolean => {
        const temporary = mkdtempSync(path.join(scratch, 'tmp-'));
        const result = runWeft(['check', 'clean'], { env: { TMPDIR: temporary, ...env } });
        expect(result.status).toBe(0);
        return existsSync(path.join(temporary, 'node-compile-cache'));
    };

    test('keeps the compiled bundle under the temporary folder', () => {
        expect(cacheUnder({})).toBe(true);
    });

    test('is off with NODE_DISABLE_COMPILE_CACHE=1', () => {
        expect(cacheUnder({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBe(false);
    });
});

// Weft installed from the tarballs `npm run build` packs (scripts/pack.mjs) into folders outside
// the repository, used the way docs/install.md says, with nothing of this repository on PATH:
// the installed `weft` scaffolds a project whose own `npm install` works, and checks, generates,
// type-checks and runs it (as a process and in gVisor). A project that only implements steps
// installs @weft/contract alone. Third-party packages come from the npm registry (or its cache).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerFolder, repositoryRoot } from './consumer-project.js';

const packFolder = path.join(repositoryRoot, 'pack');
const version = (JSON.parse(readFileSync(path.join(repositoryRoot, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string }).version;
const tarball = (name: string) => path.join(packFolder, `weft-${name}-${version}.tgz`);
const tarballs = ['contract', 'language', 'runtime', 'cli'].map(tarball);

const folders: string[] = [];
/** A folder outside the repository, removed after the tests (an install is a few hundred MB). */
function scratch(prefix: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
}
afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, 120_000);

beforeAll(() => {
    const missing = tarballs.filter(file => !existsSync(file));
    if (missing.length > 0) throw new Error(`the Weft tarballs ${missing.map(file => path.basename(file)).join(', ')} are missing from pack/: run npm run build`);
});

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `command args…` in `cwd` with the project's node_modules/.bin, not this repository's, first on PATH. */
function run(cwd: string, command: string, args: readonly string[], timeout = 60_000): Run {
    const inherited = (process.env['PATH'] ?? '').split(path.delimiter).filter(entry => !entry.startsWith(repositoryRoot));
    const env: Record<string, string | undefined> = { ...process.env, PATH: [path.join(cwd, 'node_modules', '.bin'), ...inherited].join(path.delimiter) };
    // npm scripts and npx pass their settings down as npm_* variables (the repository's prefix among them).
    for (const key of Object.keys(env)) if (key.toLowerCase().startsWith('npm_')) delete env[key];
    for (const key of ['FORCE_COLOR', 'NO_COLOR', 'WEFT_DEBUG', 'NODE_OPTIONS', 'INIT_CWD']) delete env[key];
    const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npm install …` from the cache when it can; a cold cache fetches from the registry. */
function npmInstall(cwd: string, args: readonly string[]): void {
    const result = run(cwd, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], 240_000);
    expect(result.status, `npm install failed:\n${result.stderr}`).toBe(0);
}

/**
 * What a user expects of an installed library: its LICENSE and README, the manifest's license,
 * repository, description and engines, a declaration file for every export, and source maps
 * whose sources are in the package (or embedded).
 */
function expectHygienic(folder: string): void {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    expect(readFileSync(path.join(folder, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(existsSync(path.join(folder, 'README.md')), `${manifest.name} README.md`).toBe(true);
    expect(manifest).toMatchObject({ license: 'Apache-2.0', repository: { type: 'git' }, engines: { node: '>=22.19' } });
    expect(manifest.description).toEqual(expect.any(String));
    for (const [entry, target] of Object.entries(manifest.exports as Record<string, string | { types: string; default: string }>)) {
        if (typeof target === 'string') continue;
        expect(existsSync(path.join(folder, target.types)), `${manifest.name} ${entry} types`).toBe(true);
        expect(existsSync(path.join(folder, target.default)), `${manifest.name} ${entry}`).toBe(true);
    }
    const maps = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(file => file.endsWith('.map') && !file.startsWith('node_modules'));
    expect(maps.length).toBeGreaterThan(0);
    for (const file of maps) {
        const map = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
        map.sources.forEach((source, index) => {
            const resolves = typeof map.sourcesContent?.[index] === 'string' || existsSync(path.resolve(folder, path.dirname(file), source));
            expect(resolves, `${manifest.name}: ${file} names ${source}`).toBe(true);
        });
    }
}

function lastJson(stdout: string): unknown {
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('Weft installed from its tarballs', () => {
    it('scaffolds a project that installs, checks, generates, type-checks, runs and records its runs', () => {
        const project = scratch('weft-install-');
        // A weft to run `weft init` with, and the Node it needs; init writes package.json.
        npmInstall(project, ['--no-save', ...tarballs, 'node@^22.19.0']);
        const weft = path.join(project, 'node_modules', '.bin', 'weft');
        const init = run(project, weft, ['init']);
        expect(init.status, init.stderr).toBe(0);
        expect(init.stderr).toBe(`the Weft packages install from the tarballs in ${packFolder}\nnext: npm install && npm run generate && npm run check\n`);
        const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
        expect(manifest.dependencies).toEqual({ '@weft/contract': `file:${tarball('contract')}` });
        expect(manifest.devDependencies).toEqual({
            '@weft/cli': `file:${tarball('cli')}`,
            '@weft/language': `file:${tarball('language')}`,
            '@weft/runtime': `file:${tarball('runtime')}`,
            '@types/node': '^22.19.0',
            node: '^22.19.0',
            typescript: '^5.9.3',
        });

        // The next steps, as written.
        npmInstall(project, []);
        for (const name of ['cli', 'contract', 'language', 'runtime']) {
            const folder = path.join(project, 'node_modules', '@weft', name);
            expect(realpathSync(folder)).toBe(path.join(realpathSync(project), 'node_modules', '@weft', name));
            expectHygienic(folder);
        }
        // Clean but for the contract the step imports, which `npm run generate` makes next.
        const check = run(project, 'npm', ['run', '--silent', 'check']);
        expect(check.status, check.stderr).toBe(0);
        expect(check.stdout).toMatch(/^pipeline\.weft:\d+:\d+: warning generated-stale: steps\/count-words\.ts imports \.\.\/generated\/pipeline\.js, which is not generated/);
        expect(check.stderr).toBe('1 warning in 1 file\n');
        const generate = run(project, 'npm', ['run', '--silent', 'generate']);
        expect(generate.status, generate.stderr).toBe(0);
        expect(readFileSync(path.join(project, 'generated', 'pipeline.ts'), 'utf8')).toContain("from '@weft/contract';");
        expect(run(project, 'npm', ['run', '--silent', 'check']).stderr).toBe('no problems in 1 file\n');

        // The user's step code type-checks under --strict, and a wrong implementation does not.
        const tsc = run(project, 'tsc', ['--noEmit', '--strict', '-p', '.', '--pretty', 'false'], 120_000);
        expect(tsc.stdout, tsc.stdout).toBe('');
        expect(tsc.status).toBe(0);
        const step = path.join(project, 'steps', 'count-words.ts');
        const source = readFileSync(step, 'utf8');
        writeFileSync(step, source.replace('return { total, counted };', 'return { total: String(total), counted };'));
        const wrong = run(project, 'tsc', ['--noEmit', '--strict', '-p', '.', '--pretty', 'false'], 120_000);
        expect(wrong.status).toBe(2);
        expect(wrong.stdout).toMatch(/^steps\/count-words\.ts\(5,\d+\): error TS2345: /);
        expect(wrong.stdout).toMatch(/Types of property 'total' are incompatible\.\n\s+Type 'string' is not assignable to type 'number'\./);
        writeFileSync(step, source);

        // The scaffolded pipeline test passes, with the test script as written.
        const test = run(project, 'npm', ['test', '--silent'], 120_000);
        expect(test.status, `${test.stdout}${test.stderr}`).toBe(0);
        expect(test.stdout).toMatch(/^✔ pipeline\.weft\.test\.ts › countAll counts the words of the sample \(\d+ ms\)$/m);
        expect(test.stderr).toMatch(/^2 tests: 2 passed in 1 file \(\d+\.\d s\)$/m);

        // Runs, as a process and in a gVisor sandbox, recorded in the project's run store.
        const processRun = run(project, weft, ['run', 'pipeline.weft', '--pipeline', 'countAll', '--format', 'json'], 120_000);
        expect(processRun.status, processRun.stderr).toBe(0);
        expect(processRun.stderr).toContain(': countAll on local (process)');
        const first = lastJson(processRun.stdout) as { runId: string };
        expect(first).toEqual({ runId: first.runId, status: 'completed', outputs: { total: 20 } });
        const sandboxRun = run(project, weft, ['run', 'pipeline.weft', '--pipeline', 'countAll', '--format', 'json', '--executor', 'gvisor'], 120_000);
        expect(sandboxRun.status, sandboxRun.stderr).toBe(0);
        expect(sandboxRun.stderr).toContain(': countAll on local (gvisor)');
        const second = lastJson(sandboxRun.stdout) as { runId: string };
        expect(second).toEqual({ runId: second.runId, status: 'completed', outputs: { total: 20 } });

        const runs = run(project, weft, ['runs']);
        expect(runs.status, runs.stderr).toBe(0);
        expect(runs.stdout.trim().split('\n').map(line => line.split(/\s+/).slice(0, 2))).toEqual([[second.runId, 'completed'], [first.runId, 'completed']]);
        const show = run(project, weft, ['show', second.runId]);
        expect(show.status, show.stderr).toBe(0);
        expect(show.stdout).toMatch(/^ {2}counted\s+completed\s+1\s/m);
    }, 420_000);

    it('gives a project that only implements steps @weft/contract and nothing else of Weft', () => {
        // examples/consumer: generated contracts (committed) and step implementations.
        const project = scratch('weft-steps-only-');
        cpSync(path.join(consumerFolder, 'src'), path.join(project, 'src'), { recursive: true, filter: file => !file.endsWith('.test.ts') });
        cpSync(path.join(consumerFolder, 'tsconfig.json'), path.join(project, 'tsconfig.json'));
        writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'steps-only', private: true, type: 'module' }));
        npmInstall(project, [tarball('contract'), 'typescript@^5.9.3', '@types/node@^22']);
        const installed = readdirSync(path.join(project, 'node_modules')).filter(entry => !entry.startsWith('.')).sort();
        expect(installed).toEqual(['@types', '@weft', 'typescript', 'undici-types']);
        expect(readdirSync(path.join(project, 'node_modules', '@weft'))).toEqual(['contract']);
        const tsc = run(project, 'tsc', ['--noEmit', '-p', '.', '--pretty', 'false'], 120_000);
        expect(tsc.stdout).toBe('');
        expect(tsc.status).toBe(0);
    }, 300_000);
});

// Runs the real, built `weft` bin in a child process, as a user's shell would (no TTY).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = path.resolve(cliFolder, '..', '..');
export const binPath = path.join(cliFolder, 'bin', 'weft.js');
export const fixturesFolder = path.join(cliFolder, 'test', 'fixtures');

export interface WeftRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `weft args…` in `cwd` (the fixtures by default) with colour settings removed from the environment. */
export function runWeft(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): WeftRun {
    const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, WEFT_DEBUG: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const result = spawnSync(process.execPath, [binPath, ...args], {
        cwd: options.cwd ?? fixturesFolder,
        env,
        encoding: 'utf8',
        timeout: 60_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Whether `script` (util-linux) is there to run weft on a pseudo-terminal. */
export const canRunOnTerminal = process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs `weft args…` on a pseudo-terminal (stdout and stderr both), through util-linux's `script`. */
export function runWeftOnTerminal(args: readonly string[], options: { env?: Record<string, string> } = {}): WeftRun {
    const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
    const command = [process.execPath, binPath, ...args].map(quote).join(' ');
    const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm', ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const result = spawnSync('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: fixturesFolder, env, encoding: 'utf8', timeout: 60_000 });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Builds the CLI and what it references (`npm test` has already done so as its pretest; a bare
 * `vitest run` has not), one test file at a time. Type errors in the CLI fail the suite; tsc
 * still emits when another package has type errors, and those are that package's tests' business.
 */
export function buildCli(): void {
    withLock(() => {
        const tsc = path.join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
        const result = spawnSync(process.execPath, [tsc, '-b', path.join(cliFolder, 'tsconfig.json')], { cwd: repositoryRoot, encoding: 'utf8' });
        const output = `${result.stdout}${result.stderr}`;
        if (result.status !== 0 && (output.includes('packages/cli/') || !existsSync(path.join(cliFolder, 'dist', 'main.js')))) {
            throw new Error(`building the CLI failed:\n${output}`);
        }
        // The bin runs the bundle made from dist/ (scripts/bundle.mjs), as `npm run build` makes it.
        // Remade only when stale: another test file may be running the bin from it right now.
        const sources = [path.join(cliFolder, 'dist'), path.join(cliFolder, '..', 'language', 'dist')];
        if (Math.max(...sources.map(newestModification)) <= modification(path.join(cliFolder, 'bundle', 'main.js'))) return;
        const bundled = spawnSync(process.execPath, [path.join(cliFolder, 'scripts', 'bundle.mjs')], { cwd: cliFolder, encoding: 'utf8' });
        if (bundled.status !== 0) throw new Error(`bundling the CLI failed:\n${bundled.stdout}${bundled.stderr}`);
    });
}

/** Test files run in parallel workers: a lock folder keeps two builds from writing dist/ and bundle/ at once. */
function withLock(work: () => void): void {
    const lock = path.join(tmpdir(), `weft-cli-build-${createHash('sha256').update(cliFolder).digest('hex').slice(0, 12)}`);
    const staleAfterMs = 120_000;
    for (;;) {
        try {
            mkdirSync(lock);
            break;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            if (Date.now() - lockAge(lock) > staleAfterMs) rmSync(lock, { recursive: true, force: true });
            else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        }
    }
    try {
        work();
    } finally {
        rmSync(lock, { recursive: true, force: true });
    }
}

/** The newest modification time of the files under `folder`. */
function newestModification(folder: string): number {
    let newest = 0;
    for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) newest = Math.max(newest, modification(path.join(entry.parentPath, entry.name)));
    }
    return newest;
}

/** A file's modification time, 0 when it does not exist. */
function modification(file: string): number {
    try {
        return statSync(file).mtimeMs;
    } catch {
        return 0;
    }
}

/** When the lock was taken (now, if it vanished meanwhile). */
function lockAge(lock: string): number {
    try {
        return statSync(lock).mtimeMs;
    } catch {
        return Date.now();
    }
}

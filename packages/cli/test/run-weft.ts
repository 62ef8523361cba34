// Runs the real, built `weft` bin in a child process, as a user's shell would (no TTY).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
 * Checks that the CLI's bundle and the runtime it loads are built from the current sources:
 * tests never build (`npm test` builds before any test starts), so a bare `vitest run` after an
 * edit fails here and says what to run, instead of testing stale code.
 */
export function expectBuiltCli(): void {
    const packages = path.join(cliFolder, '..');
    // The bundle is remade whole by every build; tsc -b rewrites only the files that changed,
    // but touches its build info whenever it has looked at newer sources.
    const builds = [
        { built: path.join(cliFolder, 'bundle', 'main.js'), sources: ['cli', 'language'] },
        { built: path.join(packages, 'runtime', 'tsconfig.tsbuildinfo'), sources: ['runtime'] },
        // The bundle loads @weft/contract from its dist/, as the runtime does.
        { built: path.join(packages, 'contract', 'tsconfig.tsbuildinfo'), sources: ['contract'] },
    ];
    for (const { built, sources } of builds) {
        const builtAt = modification(built);
        if (builtAt === 0) throw new Error(`the CLI is not built (${built} is missing): run \`npm run build\``);
        const stale = sources.map(name => path.join(packages, name, 'src')).filter(folder => newestModification(folder) > builtAt);
        if (stale.length > 0) throw new Error(`${built} is older than ${stale.join(' and ')}: run \`npm run build\``);
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

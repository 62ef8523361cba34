// Helpers shared by the `weft run` tests: fresh project folders, live `weft` processes, output parsing.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repositoryRoot } from './consumer-project.js';
import { binPath } from './run-weft.js';

export const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-fixtures');

/** A fresh project folder with `source` copied in (and node_modules linked, for `@weft/runtime`). */
export function project(source: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-run-'));
    cpSync(source, folder, { recursive: true, filter: file => !file.includes(`${path.sep}.weft`) });
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));
    return folder;
}

export function lastJson(stdout: string): { runId: string; status: string; outputs: Record<string, unknown> | null } {
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** Starts `weft args…` in `cwd` and resolves once its stderr matches `ready`. */
export function startWeft(args: readonly string[], cwd: string, ready: RegExp) {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    const exited = new Promise<number | null>(resolve => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    const started = new Promise<void>((resolve, reject) => {
        child.stderr.on('data', chunk => {
            stderr += chunk;
            if (ready.test(stderr)) resolve();
        });
        child.on('exit', () => reject(new Error(`weft exited before ${ready}: ${stderr}`)));
    });
    return { child, started, exited, output: () => ({ stdout, stderr }) };
}

export function runIdIn(stderr: string): string {
    return /^run ([0-9a-f-]{36}):/m.exec(stderr)![1]!;
}

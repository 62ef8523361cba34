// Runs `weft check --format json` on a folder in a fresh Node process and measures it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const usagePreload = pathToFileURL(fileURLToPath(new URL('./process-usage.mjs', import.meta.url))).href;

/**
 * One run: wall time (process start to exit, as a user waits for it), CPU time and peak RSS of
 * the process, the exit code and the diagnostics the check printed.
 * @returns {Promise<{ wallMs: number, cpuMs: number | undefined, peakBytes: number | undefined, exitCode: number | null, diagnostics: { code: string, severity: string }[] }>}
 */
export async function measureCheck(binPath, folder) {
    const scratch = mkdtempSync(path.join(tmpdir(), 'weft-bench-usage-'));
    const usageFile = path.join(scratch, 'usage.json');
    try {
        const started = process.hrtime.bigint();
        const { exitCode, stdout, stderr } = await run(process.execPath, ['--import', usagePreload, binPath, 'check', '.', '--format', 'json'], {
            cwd: folder,
            env: { ...process.env, WEFT_BENCH_USAGE_FILE: usageFile, FORCE_COLOR: '0' },
        });
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (exitCode !== 0 && exitCode !== 1) {
            throw new Error(`weft check exited with ${exitCode} in ${folder}:\n${stderr}`);
        }
        const diagnostics = JSON.parse(stdout).diagnostics;
        const usage = readUsage(usageFile);
        return { wallMs, cpuMs: usage.cpuMs, peakBytes: usage.peakBytes, exitCode, diagnostics };
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}

function readUsage(file) {
    try {
        return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
        return {};
    }
}

function run(command, args, options) {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', chunk => stdout.push(chunk));
        child.stderr.on('data', chunk => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', exitCode => resolve({
            exitCode,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
        }));
    });
}

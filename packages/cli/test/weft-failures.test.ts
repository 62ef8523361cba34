// Failures a user can act on, through the built CLI: an error in step code is not retried unless
// `retry { stepErrors: true }`, an infrastructure failure is; `weft show` and `weft logs` print the
// error, its stack mapped to the step's TypeScript lines and the step's last log lines (process
// executor and gVisor); `--format json`, `--follow`, and an unknown task.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { binPath, expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, project, runIdIn, startWeft } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-failures-fixtures');
const TIME = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;
/** The real line of the throw in steps/helper.ts, and the call in steps/crash.ts. */
const HELPER_FRAME = /^ +at firstLabel \(steps\/helper\.ts:3:\d+\)$/m;
const STEP_FRAME = /^ +at (Module\.)?crash \(steps\/crash\.ts:12:\d+\)$/m;
const TYPE_ERROR = "TypeError: Cannot read properties of undefined (reading 'name')";

interface ShownFailure { step: string; message: string; attempts: number; exitCode?: number; kind: string; error?: string; stack?: string }
interface ShownTask { id: string; state: string; attempts: number; failure: ShownFailure | null; lastLogs?: { message: string }[] }

function showJson(runId: string, cwd: string): { run: { id: string; status: string }; tasks: ShownTask[] } {
    const shown = runWeft(['show', runId, '--format', 'json'], { cwd });
    expect(shown.status, shown.stderr).toBe(0);
    return JSON.parse(shown.stdout);
}

/** `weft show` and `weft logs` of a run whose task c threw the helper's TypeError once. */
function expectActionableCrash(runId: string, folder: string): void {
    const show = runWeft(['show', runId], { cwd: folder });
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/^ {2}c\s+failed\s+1\s/m);
    expect(show.stdout).toContain('  c (step crash) after 1 attempt: error in the step, exit code 1\n');
    expect(show.stdout).toContain(`    ${TYPE_ERROR}\n`);
    expect(show.stdout).toMatch(HELPER_FRAME);
    expect(show.stdout).toMatch(STEP_FRAME);
    // The last 20 of the step's 25 log lines.
    const shownLines = show.stdout.split('\n').filter(line => /c#1 info reading row/.test(line)).map(line => line.trim().replace(TIME, ''));
    expect(shownLines).toEqual(Array.from({ length: 20 }, (_, index) => `c#1 info reading row ${index + 6} of attempt 1`));

    const logs = runWeft(['logs', runId, 'c'], { cwd: folder });
    expect(logs.status).toBe(0);
    const lines = logs.stdout.trimEnd().split('\n').map(line => line.replace(TIME, ''));
    expect(lines.slice(0, 25)).toEqual(Array.from({ length: 25 }, (_, index) => `c#1 info reading row ${index + 1} of attempt 1`));
    expect(lines[25]).toBe(`c#1 error attempt 1 failed (error in the step, not retried): ${TYPE_ERROR}`);
    expect(logs.stdout).toMatch(HELPER_FRAME);
    expect(logs.stdout).toMatch(STEP_FRAME);
    // Only the step's own frames, no worker or Node internals, no host paths.
    expect(lines.slice(26).every(line => /^ {2}at .*\(steps\/(helper|crash)\.ts:\d+:\d+\)$/.test(line))).toBe(true);

    const task = runWeft(['show', runId, 'c'], { cwd: folder });
    expect(task.status).toBe(0);
    expect(task.stdout).toMatch(/^task c of run [0-9a-f-]{36}: failed after 1 attempt$/m);
    expect(task.stdout).toMatch(/running → failed: Cannot read properties/);
    expect(task.stdout).toMatch(/^attempt 1: failed after [\d.]+s \(error in the step, exit code 1\)$/m);
    expect(task.stdout).toMatch(HELPER_FRAME);
    expect(task.stdout).toMatch(/c#1 info reading row 25 of attempt 1$/m);
}

describe('failures in step code', () => {
    it('a TypeError thrown in a helper is one attempt with retry { attempts: 3 }; show and logs print it with its mapped stack and last log lines (process executor)', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'failures.weft', '--pipeline', 'crashes', '--format', 'json'], { cwd: folder });
        expect(result.status, result.stderr).toBe(1);
        const { runId } = lastJson(result.stdout);
        const [task] = showJson(runId, folder).tasks;
        expect(task).toMatchObject({ id: 'c', state: 'failed', attempts: 1, failure: { kind: 'step', error: 'TypeError', exitCode: 1, attempts: 1 } });
        expect(task!.failure!.stack!.split('\n')[0]).toMatch(/^at firstLabel \(steps\/helper\.ts:3:\d+\)$/);
        expectActionableCrash(runId, folder);
    }, 120_000);

    it('is retried with retry { attempts: 3, stepErrors: true }: three attempts, each with its failure in the logs', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'failures.weft', '--pipeline', 'crashesRetried', '--format', 'json'], { cwd: folder });
        expect(result.status, result.stderr).toBe(1);
        const { runId } = lastJson(result.stdout);
        expect(showJson(runId, folder).tasks[0]).toMatchObject({ state: 'failed', attempts: 3, failure: { kind: 'step', error: 'TypeError', attempts: 3 } });
        const failures = runWeft(['logs', runId], { cwd: folder }).stdout.split('\n').filter(line => / error attempt \d failed/.test(line)).map(line => line.replace(TIME, ''));
        expect(failures).toEqual([
            `c#1 error attempt 1 failed (error in the step, retry 2 of 3): ${TYPE_ERROR}`,
            `c#2 error attempt 2 failed (error in the step, retry 3 of 3): ${TYPE_ERROR}`,
            `c#3 error attempt 3 failed (error in the step, not retried): ${TYPE_ERROR}`,
        ]);
    }, 120_000);

    it('prints the same under gVisor: the stack maps to steps/helper.ts inside the sandbox', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'failures.weft', '--pipeline', 'crashes', '--target', 'boxed', '--format', 'json'], { cwd: folder });
        expect(result.stderr).toMatch(/crashes on boxed \(gvisor\)/);
        expect(result.status, result.stderr).toBe(1);
        expectActionableCrash(lastJson(result.stdout).runId, folder);
    }, 120_000);
});

describe('infrastructure failures', () => {
    it('an attempt that times out is retried by retry { attempts: 2 } and the next one completes', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'failures.weft', '--pipeline', 'timesOut', '--format', 'json'], { cwd: folder });
        expect(result.status, result.stderr).toBe(0);
        const { runId, outputs } = lastJson(result.stdout);
        expect(outputs).toEqual({ result: 2 });
        const logs = runWeft(['logs', runId, 's'], { cwd: folder }).stdout;
        expect(logs).toMatch(/ s#1 error attempt 1 failed \(infrastructure failure, retry 2 of 2\): AttemptTimeoutError: s timed out after 3000 ms$/m);
        const task = runWeft(['show', runId, 's'], { cwd: folder }).stdout;
        expect(task).toMatch(/^attempt 1: timed-out after [\d.]+s \(infrastructure failure\)$/m);
        expect(task).toMatch(/^attempt 2: completed after /m);
    }, 120_000);

    it('a worker killed with SIGKILL from outside is retried, and its exit code is recorded', async () => {
        const folder = project(fixtures);
        const pidFile = path.join(folder, 'step.pid');
        const weft = startWeft(['run', 'failures.weft', '--pipeline', 'killed', '--param', `pidFile=${pidFile}`, '--format', 'json'], folder, /k\s+running/);
        await weft.started;
        const deadline = Date.now() + 30_000;
        while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') {
            if (Date.now() > deadline) throw new Error(`the step never wrote ${pidFile}: ${weft.output().stderr}`);
            await new Promise(resolve => setTimeout(resolve, 50));
        }
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
        expect(await weft.exited).toBe(0);
        const runId = runIdIn(weft.output().stderr);
        expect(lastJson(weft.output().stdout)).toMatchObject({ status: 'completed', outputs: { result: 2 } });
        const logs = runWeft(['logs', runId, 'k'], { cwd: folder }).stdout;
        expect(logs).toMatch(/ k#1 error attempt 1 failed \(infrastructure failure, retry 2 of 2\): the worker exited with code 137 without outputs/);
        expect(runWeft(['show', runId, 'k'], { cwd: folder }).stdout).toMatch(/^attempt 1: failed after [\d.]+s \(infrastructure failure, exit code 137\)$/m);
    }, 120_000);
});

describe('runs, show and logs for programs and people', () => {
    it('--format json: runs, show, show <task> and logs (one object per line)', () => {
        const folder = project(fixtures);
        const { runId } = lastJson(runWeft(['run', 'failures.weft', '--pipeline', 'crashes', '--format', 'json'], { cwd: folder }).stdout);

        const runs = JSON.parse(runWeft(['runs', '--format', 'json'], { cwd: folder }).stdout);
        expect(runs).toEqual({ runs: [{ id: runId, pipeline: 'crashes', status: 'failed', paused: false, createdAt: expect.stringMatching(/Z$/), finishedAt: expect.stringMatching(/Z$/), milliseconds: expect.any(Number) }] });

        const shown = showJson(runId, folder);
        expect(shown.run).toMatchObject({ id: runId, pipeline: 'crashes', status: 'failed' });
        expect(shown.tasks[0]).toMatchObject({ id: 'c', node: 'c', state: 'failed', attempts: 1, cache: null, failure: { step: 'crash', kind: 'step' } });
        expect(shown.tasks[0]!.lastLogs!.map(event => event.message)).toEqual(Array.from({ length: 20 }, (_, index) => `reading row ${index + 6} of attempt 1`));

        const task = JSON.parse(runWeft(['show', runId, 'c', '--format', 'json'], { cwd: folder }).stdout);
        expect(task.task.transitions.map((change: { to: string }) => change.to)).toEqual(['allocating', 'running', 'failed']);
        expect(task.task.history).toHaveLength(1);
        expect(task.task.history[0]).toMatchObject({ attempt: 1, status: 'failed', failure: { kind: 'step', error: 'TypeError', exitCode: 1 } });
        expect(task.task.history[0].failure.stack).toMatch(/^at firstLabel \(steps\/helper\.ts:3:\d+\)\n/);

        const logs = runWeft(['logs', runId, '--format', 'json'], { cwd: folder }).stdout.trimEnd().split('\n').map(line => JSON.parse(line));
        expect(logs).toHaveLength(26);
        expect(logs[0]).toEqual({ at: expect.stringMatching(/Z$/), task: 'c', attempt: 1, level: 'info', message: 'reading row 1 of attempt 1' });
        expect(logs[25]).toMatchObject({ task: 'c', attempt: 1, level: 'error', fields: { failure: { kind: 'step', error: 'TypeError', exitCode: 1 } } });
    }, 120_000);

    it('weft run says where the step threw and where to look; an unknown task is a usage error (exit 2) that lists the run\'s tasks', () => {
        const folder = project(fixtures);
        const run = runWeft(['run', 'failures.weft', '--pipeline', 'crashes'], { cwd: folder });
        expect(run.status).toBe(1);
        const runId = runIdIn(run.stderr);
        expect(run.stderr).toContain(`\ncrash failed after 1 attempt: Cannot read properties of undefined (reading 'name')\n`);
        expect(run.stderr).toMatch(new RegExp(`^ {2}TypeError at firstLabel \\(steps/helper\\.ts:3:\\d+\\); its stack and last log lines: weft show ${runId.slice(0, 8)}$`, 'm'));
        for (const command of ['logs', 'show']) {
            const result = runWeft([command, runId, 'nope'], { cwd: folder });
            expect(result.status).toBe(2);
            expect(result.stdout).toBe('');
            expect(result.stderr).toBe(`weft: run ${runId} has no task nope; its tasks are: c\n`);
        }
    }, 120_000);

    it('logs --follow prints the lines of a running run as they come and ends when the run ends; Ctrl-C stops following, not the run', async () => {
        const folder = project(fixtures);
        const weft = startWeft(['run', 'failures.weft', '--pipeline', 'talks', '--param', 'n=40'], folder, /t\s+running/);
        await weft.started;
        const runId = runIdIn(weft.output().stderr);
        const follower = spawn(process.execPath, [binPath, 'logs', runId, '--follow', '--format', 'json'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
        let followed = '';
        let firstLineAt: number | undefined;
        follower.stdout.on('data', chunk => {
            followed += chunk;
            firstLineAt ??= Date.now();
        });
        // A second follower stopped with Ctrl-C after its first line: it ends, the run goes on.
        const interrupted = spawn(process.execPath, [binPath, 'logs', runId, '--follow'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
        interrupted.stdout.once('data', () => interrupted.kill('SIGINT'));
        const interruptedExit = new Promise<number | null>(resolve => interrupted.on('exit', code => resolve(code)));
        expect(await interruptedExit).toBe(0);
        expect(weft.child.exitCode).toBe(null);
        const followerExit = await new Promise<number | null>(resolve => follower.on('exit', code => resolve(code)));
        expect(followerExit).toBe(0);
        expect(await weft.exited).toBe(0);
        const events = followed.trimEnd().split('\n').map(line => JSON.parse(line) as { at: string; message: string });
        expect(events.map(event => event.message)).toEqual(Array.from({ length: 40 }, (_, index) => `line ${index + 1} of 40`));
        // The step writes for 4 s: the first lines were printed before it wrote its last one, not all at the end.
        expect(firstLineAt!).toBeLessThan(Date.parse(events.at(-1)!.at));
        expect(runWeft(['runs'], { cwd: folder }).stdout).toMatch(new RegExp(`^${runId}  completed`, 'm'));
    }, 120_000);
});

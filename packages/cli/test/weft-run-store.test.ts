// The run store's edges through the built bin: one driver per run (`weft run`/`weft resume`
// racing for it), a run created whole or not at all under `kill -9`, a full disk (a real tmpfs
// mounted by the test), step code edited before `weft resume`, and `weft cancel` never
// signalling a process that is not the run's driver.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { binPath, expectBuiltCli, runWeft } from './run-weft.js';
import { fixtures, lastJson, project, runIdIn, startWeft } from './weft-run-helpers.js';

const storeFixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'run-store-fixtures');
const cleanups: (() => void)[] = [];

beforeAll(() => expectBuiltCli());
afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Runs `weft args…` in a child process without waiting; resolves with its exit code and output. */
function weft(args: readonly string[], cwd: string) {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    const done = new Promise<{ status: number | null; stdout: string; stderr: string }>(resolve => child.on('exit', status => resolve({ status, stdout, stderr })));
    cleanups.push(() => child.kill('SIGKILL'));
    return { pid: child.pid!, done };
}

/** A `weft run` of chain.weft killed with SIGKILL while its slow step `b` runs: a run left `running` by a dead driver. */
async function abandonedRun(folder: string, ms: number): Promise<string> {
    const run = startWeft(['run', 'chain.weft', '--param', `ms=${ms}`], folder, /b {2}running/);
    cleanups.push(() => run.child.kill('SIGKILL'));
    await run.started;
    run.child.kill('SIGKILL');
    await run.exited;
    return runIdIn(run.output().stderr);
}

/** The run's row and its tasks' states, read straight from `.weft/runs.db`. */
function stored(folder: string, runId: string): { driverPid: number | null; tasks: number } | undefined {
    const db = new DatabaseSync(path.join(folder, '.weft', 'runs.db'));
    try {
        const run = db.prepare('SELECT driver_pid FROM runs WHERE id = ?').get(runId) as { driver_pid: number | null } | undefined;
        const tasks = (db.prepare('SELECT count(*) AS n FROM tasks WHERE run_id = ?').get(runId) as { n: number }).n;
        return run && { driverPid: run.driver_pid, tasks };
    } finally {
        db.close();
    }
}

describe('the run store under weft run, resume and cancel', () => {
    it('one run has one driver: weft resume of a live run and one of two racing resumes are refused, naming the driving process', async () => {
        const folder = project(fixtures);
        const live = startWeft(['run', 'chain.weft', '--param', 'ms=8000'], folder, /b {2}running/);
        cleanups.push(() => live.child.kill('SIGKILL'));
        await live.started;
        const runId = runIdIn(live.output().stderr);
        const refused = runWeft(['resume', runId], { cwd: folder });
        expect(refused.status).toBe(2);
        expect(refused.stderr).toBe(`weft: run ${runId} is already driven by process ${live.child.pid} on ${hostname()}; a run has one driver: wait for it to end, or stop it with \`weft cancel ${runId}\`\n`);
        live.child.kill('SIGKILL');
        await live.exited;

        // The driver died: two resumes at once, exactly one drives the run.
        const resumes = [weft(['resume', runId, '--format', 'json'], folder), weft(['resume', runId, '--format', 'json'], folder)];
        const ended = await Promise.all(resumes.map(resume => resume.done));
        const winner = ended.findIndex(end => end.status === 0);
        expect(winner).toBeGreaterThanOrEqual(0);
        const loser = ended[1 - winner]!;
        expect(lastJson(ended[winner]!.stdout)).toEqual({ runId, status: 'completed', outputs: { result: 62 } });
        expect(loser.status).toBe(2);
        expect(loser.stderr).toBe(`weft: run ${runId} is already driven by process ${resumes[winner]!.pid} on ${hostname()}; a run has one driver: wait for it to end, or stop it with \`weft cancel ${runId}\`\n`);
        // b ran once more (its lost attempt, then one resumed attempt), never twice at a time.
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}b\s+completed\s+2\s/m);
        expect(stored(folder, runId)?.driverPid).toBeNull();
    }, 120_000);

    it('creates a run whole: a weft run of 2,000 steps killed the moment its run is visible has all 2,000 tasks, and weft resume completes it', async () => {
        const folder = project(storeFixtures);
        const lets = Array.from({ length: 2000 }, (_, index) => `  let s${index} = tick(${index})`).join('\n');
        writeFileSync(path.join(folder, 'many.weft'), `step tick(n: int) -> (value: int) {\n  run: "./chatty.ts#tick"\n}\n\npipeline many() -> (last: int) {\n  targets: [local]\n${lets}\n  return { last: s1999.value }\n}\n\ntarget local: sandbox {\n  runtime: "process"\n  capacity { cpu: 2, memory: 1Gi, gpu: 0 }\n}\n`);
        const run = startWeft(['run', 'many.weft', '--executor', 'inline'], folder, /^run [0-9a-f-]{36}:/m);
        cleanups.push(() => run.child.kill('SIGKILL'));
        await run.started;
        const runId = runIdIn(run.output().stderr);
        // Kill it as soon as another connection sees the run row: before, its tasks were still being inserted one by one.
        let seen: ReturnType<typeof stored>;
        const deadline = Date.now() + 60_000;
        while ((seen = stored(folder, runId)) === undefined && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 1));
        run.child.kill('SIGKILL');
        await run.exited;
        expect(seen?.tasks).toBe(2000);
        expect(stored(folder, runId)?.tasks).toBe(2000);

        const resumed = runWeft(['resume', runId, '--executor', 'inline', '--format', 'json'], { cwd: folder });
        expect(resumed.status).toBe(0);
        expect(lastJson(resumed.stdout)).toEqual({ runId, status: 'completed', outputs: { last: 2000 } });
        expect(runWeft(['show', runId], { cwd: folder }).stdout.match(/^ {2}\S+\s+completed\s/gm)).toHaveLength(2000);
    }, 240_000);

    it('a full disk stops the run with one line naming the store, and weft resume completes it once there is space', () => {
        const mount = mkdtempSync(path.join(tmpdir(), 'weft-full-'));
        expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]).status).toBe(0);
        cleanups.push(() => {
            spawnSync('umount', [mount]);
            rmSync(mount, { recursive: true, force: true });
        });
        const folder = path.join(mount, 'project');
        mkdirSync(folder);
        cpSync(storeFixtures, folder, { recursive: true });
        symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(folder, 'node_modules'));

        // 3,000 log lines of 1 KB each do not fit in 2 MiB.
        const full = runWeft(['run', 'chatty.weft'], { cwd: folder });
        const runId = runIdIn(full.stderr);
        const store = path.join(folder, '.weft', 'runs.db');
        expect(full.status).toBe(2);
        expect(full.stderr.split('\n').filter(line => line.startsWith('weft:'))).toEqual([
            `weft: the run store ${store} cannot be written: disk full; free space on its disk, then finish run ${runId} with \`weft resume ${runId}\``,
        ]);
        expect(full.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(new RegExp(`^run ${runId}: chatty running\\n(?:.*\\n)*? {2}a\\s+running\\s+1`, 'm'));

        expect(spawnSync('mount', ['-o', 'remount,size=64m', mount]).status).toBe(0);
        const resumed = runWeft(['resume', runId, '--format', 'json'], { cwd: folder });
        expect(resumed.status).toBe(0);
        expect(lastJson(resumed.stdout)).toEqual({ runId, status: 'completed', outputs: { total: 6000 } });
        const show = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^ {2}a\s+completed\s+2\s/m);
        expect(show).toMatch(/^ {2}b\s+completed\s+1\s/m);
    }, 180_000);

    it('weft resume refuses when the code of a completed task changed, listing it, and keeps its result only when told to', async () => {
        const folder = project(fixtures);
        const runId = await abandonedRun(folder, 1500);
        const steps = path.join(folder, 'steps.ts');
        writeFileSync(steps, readFileSync(steps, 'utf8').replace('inputs.n * 10', 'inputs.n * 100'));

        const refused = runWeft(['resume', runId], { cwd: folder });
        expect(refused.status).toBe(2);
        expect(refused.stderr.split('\n').filter(line => line.startsWith('weft:'))).toEqual([`weft: the code of 1 completed task of run ${runId} changed since it ran: a (step first, steps.ts); `
            + 'resuming would mix results of the old and the new code; run the pipeline again with `weft run`, or pass --accept-changed-code to keep their results']);
        // Nothing ran, and the run is free for the next driver.
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}b\s+running\s+1\s/m);
        expect(stored(folder, runId)?.driverPid).toBeNull();

        const kept = runWeft(['resume', runId, '--accept-changed-code', '--format', 'json'], { cwd: folder });
        expect(kept.status).toBe(0);
        // a's old result (30) is kept: b = 31, c = 62; with the new code it would be 602.
        expect(lastJson(kept.stdout)).toEqual({ runId, status: 'completed', outputs: { result: 62 } });
        expect(runWeft(['logs', runId, 'a'], { cwd: folder }).stdout).toMatch(/resumed with the result of older code: steps\.ts changed since the task ran/);
    }, 120_000);

    it('weft resume of a run whose stored plan is of another version or broken stops with one line naming the run, exit 2', async () => {
        const folder = project(fixtures);
        const runId = await abandonedRun(folder, 20_000);
        const db = new DatabaseSync(path.join(folder, '.weft', 'runs.db'));
        const plan = JSON.parse(String((db.prepare('SELECT plan FROM runs WHERE id = ?').get(runId) as { plan: string }).plan)) as Record<string, unknown>;
        db.prepare('UPDATE runs SET plan = ? WHERE id = ?').run(JSON.stringify({ ...plan, planVersion: 1 }), runId);
        const older = runWeft(['resume', runId], { cwd: folder });
        expect(older.status).toBe(2);
        expect(older.stderr).toBe(`weft: the stored plan of run ${runId} is not a plan this runtime can run: the plan has version 1, but this runtime reads versions 2 and 3; regenerate it with a matching \`weft generate\`\n`);
        db.prepare('UPDATE runs SET plan = ? WHERE id = ?').run('{"planVersion": 2, "pipel', runId);
        db.close();
        const broken = runWeft(['resume', runId], { cwd: folder });
        expect(broken.status).toBe(2);
        expect(broken.stderr).toMatch(new RegExp(`^weft: the stored plan of run ${runId} is not a plan this runtime can run: it is not JSON \\(.*\\)\\n$`));
    }, 120_000);

    it('weft resume of a run recorded with a version 2 plan, before version 3, completes it', async () => {
        const folder = project(fixtures);
        const runId = await abandonedRun(folder, 1500);
        const db = new DatabaseSync(path.join(folder, '.weft', 'runs.db'));
        const plan = JSON.parse(String((db.prepare('SELECT plan FROM runs WHERE id = ?').get(runId) as { plan: string }).plan)) as Record<string, unknown>;
        expect(plan['planVersion']).toBe(3);
        db.prepare('UPDATE runs SET plan = ? WHERE id = ?').run(JSON.stringify({ ...plan, planVersion: 2 }), runId);
        db.close();
        const resumed = runWeft(['resume', runId, '--format', 'json'], { cwd: folder });
        expect(resumed.stderr).not.toMatch(/^weft:/m);
        expect(resumed.status).toBe(0);
        expect(lastJson(resumed.stdout)).toEqual({ runId, status: 'completed', outputs: { result: 62 } });
    }, 120_000);

    it('a stale claim on an unrelated live process whose command line says weft: weft cancel and weft resume leave it alone', async () => {
        const folder = project(fixtures);
        /** Points the run's driver (and the pid file older weft read) at the decoy's pid, as if the kernel had given the dead driver's pid to it. */
        const recycle = (runId: string): void => {
            const db = new DatabaseSync(path.join(folder, '.weft', 'runs.db'));
            db.prepare('UPDATE runs SET driver_pid = ? WHERE id = ?').run(decoy.pid!, runId);
            db.close();
            mkdirSync(path.join(folder, '.weft', 'pids'), { recursive: true });
            writeFileSync(path.join(folder, '.weft', 'pids', runId), `${decoy.pid}\n`);
        };

        const cancelled = await abandonedRun(folder, 20000);
        // Started after the driver died, as a process given its pid would be (in the same 10 ms
        // clock tick as the driver, its start time would be the driver's: no recycled pid can be).
        const decoy = spawn('bash', ['-c', 'exec -a weft-decoy sleep 60'], { stdio: 'ignore' });
        cleanups.push(() => decoy.kill('SIGKILL'));
        await new Promise(resolve => decoy.on('spawn', resolve));
        expect(readFileSync(`/proc/${decoy.pid}/cmdline`, 'utf8')).toContain('weft');
        recycle(cancelled);
        const cancel = runWeft(['cancel', cancelled], { cwd: folder });
        expect(cancel.stdout).toBe(`run ${cancelled} cancelled (its process had stopped; 2 tasks marked cancelled)\n`);
        expect(runWeft(['resume', cancelled], { cwd: folder }).stderr).toBe(
            `weft: run ${cancelled} has already finished (cancelled); only an interrupted run can be resumed\n`);

        const resumed = await abandonedRun(folder, 300);
        recycle(resumed);
        const resume = runWeft(['resume', resumed, '--format', 'json'], { cwd: folder });
        expect(resume.status).toBe(0);
        expect(resume.stdout).not.toMatch(/resumed \(process/);
        expect(lastJson(resume.stdout)).toEqual({ runId: resumed, status: 'completed', outputs: { result: 62 } });

        // The decoy got no SIGINT and no SIGCONT-and-a-claim of success: it still runs.
        expect(decoy.exitCode).toBeNull();
        expect(() => process.kill(decoy.pid!, 0)).not.toThrow();
    }, 120_000);
});

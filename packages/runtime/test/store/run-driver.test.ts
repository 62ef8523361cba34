// One run has one driver: the claim in the run store, taken in one transaction, tells a live
// driver from a dead one (or from a recycled pid) by the process's start time.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunNotResumableError, StepCodeChangedError } from '../../src/execution/run-errors.js';
import { resumeRun } from '../../src/execution/resume-run.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { currentDriver, processStartTime, RunDrivenError, type RunDriver } from '../../src/store/run-driver.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { node, plan, until, workRoot } from '../execution/plan-fixtures.js';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A live process other than this one, with its driver identity. */
async function otherProcess(): Promise<{ pid: number; driver: RunDriver; exited: Promise<void> }> {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(child);
    const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
    await new Promise(resolve => child.on('spawn', resolve));
    const pid = child.pid!;
    return { pid, exited, driver: { pid, host: hostname(), startTime: processStartTime(pid)! } };
}

function storeFile(): string {
    return path.join(mkdtempSync(path.join(tmpdir(), 'weft-driver-')), 'runs.db');
}

/** A run left `running` with its first task Running, as a driver that stopped mid-run leaves it. */
function interruptedRun(store: SqliteRunStore, driver: RunDriver): void {
    store.createRun({ id: 'r', pipeline: 'p', plan: plan([node('a')]), parameters: {}, root: '/', settings: {}, createdAt: 1 },
        [{ runId: 'r', id: 'a', node: 'a', state: 'pending', attempts: 0, failedForGood: false }], driver);
    store.recordTransition({ runId: 'r', taskId: 'a', from: 'pending', to: 'allocating', at: 2, attempts: 1 });
    store.recordTransition({ runId: 'r', taskId: 'a', from: 'allocating', to: 'running', at: 3 });
}

const mocks = { a: async () => ({ value: 1 }) };

describe('run drivers', () => {
    it('refuses a second driver while the first is alive, naming the run, the process and its host; nothing runs', async () => {
        const other = await otherProcess();
        const store = new SqliteRunStore(storeFile());
        interruptedRun(store, other.driver);
        const resumed = resumeRun('r', { store, workRoot: workRoot(), mocks });
        await expect(resumed).rejects.toThrow(RunDrivenError);
        await expect(resumed).rejects.toThrow(`run r is already driven by process ${other.pid} on ${hostname()}; a run has one driver: wait for it to end, or stop it with \`weft cancel r\``);
        expect(store.tasks('r')[0]).toMatchObject({ state: 'running', attempts: 1 });
        expect(store.run('r')?.driver).toEqual(other.driver);
        store.close();
    });

    it('takes over the claim of a dead driver, and of a recycled pid (a live process with another start time), and releases it at the end', async () => {
        const dead = await otherProcess();
        process.kill(dead.pid, 'SIGKILL');
        await dead.exited;
        const recycled = await otherProcess();
        for (const driver of [dead.driver, { ...recycled.driver, startTime: `1@${recycled.driver.startTime.split('@')[1]}` }]) {
            const store = new SqliteRunStore(storeFile());
            interruptedRun(store, driver);
            const result = await resumeRun('r', { store, workRoot: workRoot(), mocks });
            expect(result.status).toBe('completed');
            expect(store.tasks('r')[0]).toMatchObject({ state: 'completed', attempts: 2 });
            expect(store.run('r')?.driver).toBeUndefined();
            store.close();
        }
        // The recycled pid's process was never signalled or disturbed.
        expect(() => process.kill(recycled.pid, 0)).not.toThrow();
    });

    it('claims in one transaction: of two stores racing for a dead driver\'s run, exactly one wins', async () => {
        const dead = await otherProcess();
        process.kill(dead.pid, 'SIGKILL');
        await dead.exited;
        const file = storeFile();
        const first = new SqliteRunStore(file);
        interruptedRun(first, dead.driver);
        const second = new SqliteRunStore(file);
        const other = await otherProcess();
        expect(first.claimRun('r', other.driver)).toBeUndefined();
        expect(second.claimRun('r', currentDriver())).toEqual(other.driver);
        expect(second.run('r')?.driver).toEqual(other.driver);
        first.close();
        second.close();
    });

    it('records the run and its tasks in one transaction: a failing insert leaves no run at all', () => {
        const store = new SqliteRunStore(storeFile());
        const task = { runId: 'r', id: 'a', node: 'a', state: 'pending', attempts: 0, failedForGood: false } as const;
        expect(() => store.createRun({ id: 'r', pipeline: 'p', plan: plan([node('a')]), parameters: {}, root: '/', settings: {}, createdAt: 1 }, [task, task]))
            .toThrow(/UNIQUE constraint failed: tasks.run_id, tasks.id/);
        expect(store.run('r')).toBeUndefined();
        expect(store.tasks('r')).toEqual([]);
        store.close();
    });

    it('a run is recorded with its driver and all its tasks before any runs, and released when it ends', async () => {
        const store = new SqliteRunStore(storeFile());
        let seen: unknown;
        const result = await runPipeline(plan([node('a'), node('b', { needs: ['a'] })]), {}, {
            store, workRoot: workRoot(), runId: 'r',
            mocks: { a: async () => { seen = { tasks: store.tasks('r').length, driver: store.run('r')?.driver }; return { value: 1 }; }, b: async () => ({ value: 2 }) },
        });
        expect(result.status).toBe('completed');
        expect(seen).toEqual({ tasks: 2, driver: currentDriver() });
        expect(store.run('r')?.driver).toBeUndefined();
        await expect(resumeRun('r', { store })).rejects.toThrow(RunNotResumableError);
        expect(store.run('r')?.driver).toBeUndefined();
        store.close();
    });

    it('refuses to resume over completed tasks whose step code changed, listing them, unless told to keep their results', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-code-'));
        writeFileSync(path.join(root, 'a.ts'), 'export const a = async () => ({ value: 1 });\n');
        writeFileSync(path.join(root, 'b.ts'), 'export const b = async () => ({ value: 2 });\n');
        const file = storeFile();
        const crashed = new SqliteRunStore(file);
        const other = await otherProcess();
        void runPipeline(plan([node('a'), node('b', { needs: ['a'] })]), {}, {
            store: crashed, workRoot: workRoot(), runId: 'r', root, driver: other.driver,
            mocks: { a: async () => ({ value: 1 }), b: () => new Promise(() => undefined) },
        });
        // The run's start bundles each step to digest its code first.
        await until(() => crashed.tasks('r')[1]?.state === 'running', 'b runs');
        expect(crashed.tasks('r').map(task => [task.state, task.code?.startsWith('sha256:')])).toEqual([['completed', true], ['running', undefined]]);
        process.kill(other.pid, 'SIGKILL');
        await other.exited;

        writeFileSync(path.join(root, 'a.ts'), 'export const a = async () => ({ value: 10 });\n');
        const store = new SqliteRunStore(file);
        const refused = resumeRun('r', { store, workRoot: workRoot(), mocks: { b: async () => ({ value: 2 }) } });
        await expect(refused).rejects.toThrow(StepCodeChangedError);
        await expect(refused).rejects.toThrow('the code of 1 completed task of run r changed since it ran: a (step a, a.ts); resuming would mix results of the old and the new code');
        expect(store.tasks('r').map(task => task.state)).toEqual(['completed', 'running']);
        expect(store.run('r')?.driver).toBeUndefined();

        const kept = await resumeRun('r', { store, workRoot: workRoot(), mocks: { b: async () => ({ value: 2 }) }, acceptChangedCode: true });
        expect(kept.status).toBe('completed');
        expect(store.events('r', 'a').at(-1)?.message).toBe('resumed with the result of older code: a.ts changed since the task ran');
        crashed.close();
        store.close();
    });
});

// Durability under `kill -9` with group commit: a driver process running a real pipeline on a
// file store is killed at seeded random moments; after each kill the store must hold a
// consistent prefix of the run (no task completed without outputs, no task started while a
// dependency it needs is not completed, each task's last transition its state), and
// `resumeRun` must finish it with the right output.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resumeRun } from '../../src/execution/resume-run.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { durabilityMocks, durabilityPlan, expectedLast } from './fixtures/durability-pipeline.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', '..', 'dist');
const driverScript = path.join(here, 'fixtures', 'durability-driver.mjs');
const KILLS = 20;

/** A small seeded PRNG (mulberry32): the kill points of a seed are the same on every run. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6D2B79F5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Starts a driver on a new store; resolves once it has started the run, with the time it did. */
async function startDriver(): Promise<{ file: string; workRoot: string; child: ReturnType<typeof spawn>; started: number; exited: Promise<string> }> {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-durability-'));
    const file = path.join(folder, 'runs.db');
    const workRoot = path.join(folder, 'work');
    const child = spawn(process.execPath, [driverScript, dist, file, workRoot], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', chunk => { stdout += String(chunk); });
    child.stderr!.on('data', chunk => { stderr += String(chunk); });
    const exited = new Promise<string>(resolve => child.on('exit', (code, signal) => resolve(`${signal ?? code}: ${stdout}${stderr}`)));
    await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', () => { if (stdout.includes('started\n')) resolve(); });
        void exited.then(reason => reject(new Error(`the driver exited before it started the run (${reason})`)));
    });
    return { file, workRoot, child, started: performance.now(), exited };
}

/** What must hold of any state a kill can leave: each problem found, as a sentence. */
function inconsistencies(store: SqliteRunStore): string[] {
    const problems: string[] = [];
    const plan = durabilityPlan();
    const tasks = new Map(store.tasks('durable').map(task => [task.id, task]));
    for (const task of tasks.values()) {
        if (task.state === 'completed' && task.outputs === undefined) problems.push(`${task.id} is completed without outputs`);
        const last = store.transitions('durable', task.id).at(-1);
        if ((last?.to ?? 'pending') !== task.state) problems.push(`${task.id} is ${task.state} but its last transition went to ${last?.to}`);
        if (task.state === 'pending' && task.attempts === 0) continue;
        // A task that left `pending` was decided: every dependency it needs was completed before.
        const node = plan.nodes.find(each => each.id === task.node)!;
        for (const need of node.needs) {
            if (tasks.get(need)?.state !== 'completed') problems.push(`${task.id} is ${task.state} while ${need}, which it needs, is ${tasks.get(need)?.state}`);
        }
        const fanOut = task.index === undefined ? undefined : tasks.get(task.node)?.state;
        if (fanOut !== undefined && fanOut !== 'running' && fanOut !== 'completed') problems.push(`element ${task.id} exists while its fan-out is ${fanOut}`);
        if (fanOut === 'completed' && task.state !== 'completed') problems.push(`the fan-out ${task.node} is completed while its element ${task.id} is ${task.state}`);
    }
    return problems;
}

describe('durability under kill -9', () => {
    it(`keeps a consistent, resumable store after ${KILLS} kills at seeded random points`, { timeout: 180_000 }, async () => {
        // One run to the end tells how long a run takes here: the kill points spread over it.
        const whole = await startDriver();
        expect(await whole.exited).toMatch(/^0: started\ncompleted\n/);
        const duration = performance.now() - whole.started;
        const seed = Number(process.env['WEFT_DURABILITY_SEED'] ?? Date.now() % 100_000);
        const next = random(seed);
        const outcomes: string[] = [];
        for (let kill = 0; kill < KILLS; kill++) {
            const delay = Math.floor(next() * duration * 0.8);
            const driver = await startDriver();
            await new Promise(resolve => setTimeout(resolve, delay));
            driver.child.kill('SIGKILL');
            await driver.exited;
            const store = new SqliteRunStore(driver.file);
            try {
                const where = `seed ${seed}, kill ${kill} after ${delay} ms (WEFT_DURABILITY_SEED=${seed} repeats it)`;
                const run = store.run('durable');
                const done = run ? store.tasks('durable').filter(task => task.state === 'completed').length : 0;
                outcomes.push(`${delay} ms: ${run?.status ?? 'no run'}, ${done} tasks completed`);
                // `started` is printed once createRun has committed: the run is always there.
                if (!run) throw new Error(`${where}: the run the driver reported started is not in the store`);
                expect(inconsistencies(store), where).toEqual([]);
                if (run.status === 'running') {
                    const resumed = await resumeRun('durable', { store, workRoot: driver.workRoot, mocks: durabilityMocks });
                    expect(resumed.status, where).toBe('completed');
                }
                expect(store.run('durable')?.status, where).toBe('completed');
                expect(store.run('durable')?.outputs, where).toEqual({ last: expectedLast });
                expect(store.tasks('durable').filter(task => task.state !== 'completed').map(task => task.id), where).toEqual([]);
            } finally {
                store.close();
            }
        }
        console.log(`durability: seed ${seed}, run ${Math.round(duration)} ms; kills at\n  ${outcomes.join('\n  ')}`);
        // The kills landed inside the run, not only before or after it.
        expect(outcomes.filter(outcome => outcome.includes('running')).length).toBeGreaterThan(KILLS / 4);
    });
});

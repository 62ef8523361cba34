// Pausing and resuming a live run: no new task starts, attempts in flight are frozen (real processes, SIGSTOP/SIGCONT).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlanNode } from '../../src/contract/plan.js';
import { RunControl } from '../../src/execution/run-control.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { ProcessExecutor } from '../../src/executors/process-executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { decodeValue } from '../../src/store/value-codec.js';
import { literal, node, plan, sleep, until, workRoot } from './plan-fixtures.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const cacheDir = workRoot();

function fixtureStep(id: string, exportName: string, shape: Parameters<typeof node>[1] = {}): PlanNode {
    const base = node(id, shape);
    return { ...base, call: { kind: 'step', step: exportName, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'pause-steps.ts', export: exportName } } };
}

const twoSteps = plan([
    fixtureStep('tick', 'ticker', { arguments: { ms: literal(600) } }),
    fixtureStep('next', 'after', { needs: ['tick'] }),
]);

describe('pause and resume of a live run', () => {
    it('freezes the running attempt, starts nothing new, and thaws it on resume', async () => {
        const store = new SqliteRunStore();
        const control = new RunControl();
        const running = runPipeline(twoSteps, {}, { root, workRoot: workRoot(), store, control, runId: 'paused-run', executor: new ProcessExecutor({ cacheDir }) });
        await until(() => store.events('paused-run', 'tick').some(event => event.message === 'ticking'), 'the step runs');
        control.pause();
        await until(() => store.tasks('paused-run').find(task => task.id === 'tick')?.state === 'paused', 'tick is paused');
        await sleep(700); // longer than the step's whole running time: it would finish if it were not frozen
        expect(store.tasks('paused-run').map(task => [task.id, task.state])).toEqual([['tick', 'paused'], ['next', 'pending']]);
        control.resume();
        const result = await running;
        expect(result.status).toBe('completed');
        expect(store.transitions('paused-run', 'tick').map(change => change.to)).toEqual([
            'allocating', 'running', 'pausing', 'paused', 'resuming', 'allocating', 'running', 'completed',
        ]);
        const tick = store.tasks('paused-run').find(task => task.id === 'tick');
        expect(tick?.attempts).toBe(1);
        // The step saw the freeze as one long gap between its ticks.
        const maxGap = (decodeValue(tick!.outputs) as { value: number }).value;
        expect(maxGap).toBeGreaterThanOrEqual(650);
    }, 30_000);

    it('starts nothing while paused from the start, and runs everything after resume', async () => {
        const store = new SqliteRunStore();
        const control = new RunControl();
        control.pause();
        let calls = 0;
        const running = runPipeline(plan([node('a'), node('b', { needs: ['a'] })]), {}, {
            workRoot: workRoot(), store, control, runId: 'held-run', mocks: { a: () => ({ value: ++calls }), b: () => ({ value: ++calls }) },
        });
        await sleep(100);
        expect(calls).toBe(0);
        expect(store.tasks('held-run').map(task => task.state)).toEqual(['pending', 'pending']);
        control.resume();
        expect((await running).status).toBe('completed');
        expect(calls).toBe(2);
    });

    it('cancels a paused run: the frozen attempt is stopped and its task cancelled', async () => {
        const store = new SqliteRunStore();
        const control = new RunControl();
        const cancel = new AbortController();
        const running = runPipeline(twoSteps, {}, {
            root, workRoot: workRoot(), store, control, runId: 'cancelled-run', signal: cancel.signal, executor: new ProcessExecutor({ cacheDir, gracePeriodMs: 5000 }),
        });
        await until(() => store.events('cancelled-run', 'tick').some(event => event.message === 'ticking'), 'the step runs');
        control.pause();
        await until(() => store.tasks('cancelled-run').find(task => task.id === 'tick')?.state === 'paused', 'tick is paused');
        const cancelledAt = Date.now();
        cancel.abort();
        const result = await running;
        expect(Date.now() - cancelledAt).toBeLessThan(3000); // thawed, it acts on SIGTERM before the 5 s SIGKILL
        expect(result.status).toBe('cancelled');
        expect(result.tasks.map(task => [task.id, task.state])).toEqual([['tick', 'cancelled'], ['next', 'cancelled']]);
        expect(store.transitions('cancelled-run', 'tick').map(change => change.to).slice(-2)).toEqual(['paused', 'cancelled']);
    }, 30_000);
});

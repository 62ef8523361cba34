// Cancelling, pausing and resuming runs whose steps are in gVisor sandboxes: the step is
// stopped (after the grace period if it ignores SIGTERM) or frozen, the store stays consistent,
// and nothing of the sandbox is left (runsc, its pids cgroup, its lease).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunControl } from '../../src/execution/run-control.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { pidsCgroupDir } from '../../src/executors/gvisor/pids-cgroup.js';
import { cacheDir } from './sandbox-fixtures.js';
import { leftoverSandboxes, startNodes, stepNode } from './sandbox-runs.js';

const GRACE_MS = 2000; // the executor's default
const gvisor = createExecutor('gvisor', { cacheDir });

describe('controlling a run with a sandboxed step', () => {
    it('cancels a step that stops on SIGTERM at once, leaving nothing behind', async () => {
        const cancel = new AbortController();
        const started = startNodes([stepNode('ca', 'cooperative', {}), stepNode('cb', 'noop', {}, { }, ['ok'])].map((node, index) => index === 1 ? { ...node, needs: ['ca'] } : node), gvisor, { signal: cancel.signal });
        await until(() => started.store.events(started.runId, 'ca').some(event => event.message === 'running'));
        const cancelledAt = Date.now();
        cancel.abort();
        const { result, store } = await started.running;
        const took = Date.now() - cancelledAt;
        expect(took).toBeLessThan(GRACE_MS);
        expect(result.status).toBe('cancelled');
        expect(store.run(started.runId)?.status).toBe('cancelled');
        expect(store.tasks(started.runId).map(task => [task.id, task.state])).toEqual([['ca', 'cancelled'], ['cb', 'cancelled']]);
        expect(store.attempts(started.runId, 'ca')).toMatchObject([{ attempt: 1, status: 'cancelled' }]);
        expectNothingLeft('ca');
    });

    it('kills a step that ignores SIGTERM after the grace period; the cancel still completes promptly', async () => {
        const cancel = new AbortController();
        const started = startNodes([stepNode('cs', 'stubborn', {})], gvisor, { signal: cancel.signal });
        await until(() => started.store.events(started.runId, 'cs').some(event => event.message === 'running'));
        const cancelledAt = Date.now();
        cancel.abort();
        const { result, store } = await started.running;
        const took = Date.now() - cancelledAt;
        // It got SIGTERM (its signal aborted), ignored it, and SIGKILL ended it after the grace period.
        expect(store.events(started.runId, 'cs').map(event => event.message)).toContain('asked to stop; ignoring it');
        expect(took).toBeGreaterThanOrEqual(GRACE_MS - 50);
        expect(took).toBeLessThan(GRACE_MS + 2500);
        console.info(`cancel of a step ignoring SIGTERM took ${took} ms (grace period ${GRACE_MS} ms)`);
        expect(result.status).toBe('cancelled');
        expect(store.tasks(started.runId)).toMatchObject([{ id: 'cs', state: 'cancelled', attempts: 1 }]);
        expect(store.attempts(started.runId, 'cs')).toMatchObject([{ status: 'cancelled' }]);
        expectNothingLeft('cs');
    });

    it('pauses a running sandbox (runsc pause): its progress stops while paused and goes on after resume, in the same attempt', async () => {
        const control = new RunControl();
        const started = startNodes([stepNode('pp', 'progress', { ms: 1500 }, {}, ['count'])], gvisor, { control });
        const counter = path.join(started.workRoot, started.runId, 'pp', 'attempt-1', 'out', 'progress.txt');
        const count = (): number => existsSync(counter) ? Number(readFileSync(counter, 'utf8') || 0) : 0;
        await until(() => count() >= 5);
        control.pause();
        await until(() => started.store.tasks(started.runId)[0]?.state === 'paused');
        const frozenAt = count();
        await new Promise(resolve => setTimeout(resolve, 1500)); // as long as the step's whole running time
        expect(count()).toBeLessThanOrEqual(frozenAt + 1); // one write may have been in flight
        expect(started.store.tasks(started.runId)[0]?.state).toBe('paused');
        control.resume();
        const { result, store } = await started.running;
        expect(result.status).toBe('completed');
        expect(count()).toBeGreaterThan(frozenAt + 5);
        expect(store.tasks(started.runId)).toMatchObject([{ id: 'pp', state: 'completed', attempts: 1 }]);
        expect(store.transitions(started.runId, 'pp').map(change => change.to)).toEqual([
            'allocating', 'running', 'pausing', 'paused', 'resuming', 'allocating', 'running', 'completed',
        ]);
        expectNothingLeft('pp');
    }, 30_000);

    it('cancels a paused run: the frozen sandbox is thawed, stopped and removed', async () => {
        const control = new RunControl();
        const cancel = new AbortController();
        const started = startNodes([stepNode('pc', 'cooperative', {})], gvisor, { control, signal: cancel.signal });
        await until(() => started.store.events(started.runId, 'pc').some(event => event.message === 'running'));
        control.pause();
        await until(() => started.store.tasks(started.runId)[0]?.state === 'paused');
        const cancelledAt = Date.now();
        cancel.abort();
        const { result, store } = await started.running;
        expect(Date.now() - cancelledAt).toBeLessThan(GRACE_MS); // thawed, it acts on SIGTERM
        expect(result.status).toBe('cancelled');
        expect(store.transitions(started.runId, 'pc').map(change => change.to).slice(-2)).toEqual(['paused', 'cancelled']);
        expectNothingLeft('pc');
    });
});

/** No sandbox of the task in `runsc list`, no pids cgroup, no lease. */
function expectNothingLeft(taskId: string): void {
    expect(leftoverSandboxes(taskId)).toEqual([]);
    const cgroups = path.dirname(pidsCgroupDir('any')!);
    expect(existsSync(cgroups) ? readdirSync(cgroups).filter(name => name.startsWith(`weft-${taskId}-`)) : []).toEqual([]);
    expect(existsSync('/run/weft/sandboxes') ? readdirSync('/run/weft/sandboxes').filter(name => name.startsWith(`weft-${taskId}-`)) : []).toEqual([]);
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error('timed out waiting');
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

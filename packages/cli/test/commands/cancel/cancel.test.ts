// `cancel` called directly: a run whose driver died is marked cancelled here; a live driver (this
// test's own process, with a SIGINT handler standing in for a run's) is signalled and waited for.
import { afterEach, describe, expect, it } from 'vitest';
import { currentDriver, TaskState } from '@weft/runtime';
import { cancel } from '../../../src/commands/cancel/cancel.js';
import { deadDriver, onSignal, projectStore, recordRun, tempProject, testIo, userErrorOf } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

describe('cancel', () => {
    it('marks a run whose driver died as cancelled, with each unsettled task cancelled by a recorded transition', async () => {
        const folder = tempProject();
        const store = projectStore(folder);
        cleanups.push(() => store.close());
        recordRun(store, 'run-abandoned', { a: TaskState.Completed, b: TaskState.Running, c: TaskState.Pending }, { driver: deadDriver });
        const report = await cancel({ run: 'run-aband' }, testIo(folder));
        expect(report).toEqual({ kind: 'abandoned', runId: 'run-abandoned', cancelledTasks: 2 });
        expect(store.run('run-abandoned')?.status).toBe('cancelled');
        expect(store.tasks('run-abandoned').map(task => [task.id, task.state])).toEqual([['a', TaskState.Completed], ['b', TaskState.Cancelled], ['c', TaskState.Cancelled]]);
        expect(store.transitions('run-abandoned', 'b')).toEqual([expect.objectContaining({ from: TaskState.Running, to: TaskState.Cancelled, reason: 'weft cancel: the process running it had stopped' })]);
    });

    it("signals a live driver with SIGINT and reports the run's status once the driver has ended it", async () => {
        const folder = tempProject();
        const store = projectStore(folder);
        cleanups.push(() => store.close());
        recordRun(store, 'run-live', { a: TaskState.Running }, { driver: currentDriver() });
        let interrupted = 0;
        cleanups.push(onSignal('SIGINT', () => {
            interrupted++;
            store.finishRun('run-live', 'cancelled', Date.now());
        }));
        const report = await cancel({ run: 'run-live' }, testIo(folder));
        expect(report).toEqual({ kind: 'signalled', runId: 'run-live', pid: process.pid, status: 'cancelled' });
        expect(interrupted).toBe(1);
    });

    it('refuses an unknown run, an ambiguous prefix and a run that has ended, with a UserError each', async () => {
        const folder = tempProject();
        const store = projectStore(folder);
        cleanups.push(() => store.close());
        recordRun(store, 'run-1', {}, { driver: deadDriver });
        recordRun(store, 'run-2', {}, { driver: deadDriver });
        store.finishRun('run-2', 'completed', 2);
        const io = testIo(folder);
        expect(await userErrorOf(cancel({ run: 'nope' }, io))).toBe('there is no run nope in this project (see `weft runs`)');
        expect(await userErrorOf(cancel({ run: 'run-' }, io))).toBe('run- names 2 runs; give more of the id');
        expect(await userErrorOf(cancel({ run: 'run-2' }, io))).toBe('run run-2 has already ended (completed)');
        expect(store.run('run-2')?.status).toBe('completed');
    });
});

// `pause` called directly, with this test's own process as the run's live driver: its SIGTSTP
// handler freezes the running task as a driver would.
import { afterEach, describe, expect, it } from 'vitest';
import { currentDriver, TaskState } from '@weft/runtime';
import { pause } from '../../../src/commands/pause/pause.js';
import { deadDriver, onSignal, projectStore, recordRun, tempProject, testIo, userErrorOf } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

describe('pause', () => {
    it('signals the live driver with SIGTSTP, waits until its running tasks are frozen and says how many are', async () => {
        const folder = tempProject();
        const store = projectStore(folder);
        cleanups.push(() => store.close());
        recordRun(store, 'run-live', { a: TaskState.Completed, b: TaskState.Running, c: TaskState.Running }, { driver: currentDriver() });
        cleanups.push(onSignal('SIGTSTP', () => {
            // Each task is frozen a little later, as a driver's executor freezes them one by one.
            for (const [index, task] of ['b', 'c'].entries()) {
                store.recordTransition({ runId: 'run-live', taskId: task, from: TaskState.Running, to: TaskState.Pausing, at: Date.now() });
                setTimeout(() => store.recordTransition({ runId: 'run-live', taskId: task, from: TaskState.Pausing, to: TaskState.Paused, at: Date.now() }), 150 * (index + 1));
            }
            store.setRunPaused('run-live', true);
        }));
        const report = await pause({ run: 'run-live' }, testIo(folder));
        expect(report).toEqual({ runId: 'run-live', pid: process.pid, pausedTasks: 2 });
    });

    it('refuses a run whose driver died (it can only be resumed), one that has ended and an unknown one', async () => {
        const folder = tempProject();
        const store = projectStore(folder);
        cleanups.push(() => store.close());
        recordRun(store, 'run-dead', { a: TaskState.Running }, { driver: deadDriver });
        recordRun(store, 'run-done', {}, { driver: currentDriver() });
        store.finishRun('run-done', 'failed', 2);
        const io = testIo(folder);
        expect(await userErrorOf(pause({ run: 'run-dead' }, io))).toBe('run run-dead has no live process to pause; finish it with `weft resume run-dead`');
        expect(await userErrorOf(pause({ run: 'run-done' }, io))).toBe('run run-done has already ended (failed)');
        expect(await userErrorOf(pause({ run: 'nope' }, io))).toBe('there is no run nope in this project (see `weft runs`)');
        expect(store.tasks('run-dead')[0]?.state).toBe(TaskState.Running);
    });
});

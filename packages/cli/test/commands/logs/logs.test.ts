// `logs` and `followLogs` called directly: a run's (or a task's) events in order; following
// hands over lines until the run ends, its driver is gone, or the caller stops.
import { afterEach, describe, expect, it } from 'vitest';
import { currentDriver, TaskState } from '@weft/runtime';
import { followLogs, logs } from '../../../src/commands/logs/logs.js';
import { deadDriver, projectStore, recordRun, tempProject, testIo, userErrorOf } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

function runWithLogs(folder: string, driver = deadDriver) {
    const store = projectStore(folder);
    cleanups.push(() => store.close());
    recordRun(store, 'run-1', { a: TaskState.Running, b: TaskState.Running }, { driver });
    store.appendEvent('run-1', { at: 1, taskId: 'a', attempt: 1, level: 'info', message: 'a says hello' });
    store.appendEvent('run-1', { at: 2, taskId: 'b', attempt: 1, level: 'warn', message: 'b is slow' });
    store.appendEvent('run-1', { at: 3, level: 'info', message: 'run event' });
    // Committed now, not at the end of the turn (group commit): `logs` reads through its own connection.
    store.flush();
    return store;
}

describe('logs', () => {
    it("returns the run's events in the order they were recorded, or one task's", async () => {
        const folder = tempProject();
        runWithLogs(folder);
        const io = testIo(folder);
        expect(await logs({ run: 'run' }, io)).toEqual({ runId: 'run-1', events: [expect.objectContaining({ message: 'a says hello' }), expect.objectContaining({ message: 'b is slow' }), expect.objectContaining({ message: 'run event' })] });
        expect((await logs({ run: 'run-1', task: 'b' }, io)).events.map(event => event.message)).toEqual(['b is slow']);
    });

    it('refuses an unknown run and an unknown task', async () => {
        const folder = tempProject();
        runWithLogs(folder);
        const io = testIo(folder);
        expect(await userErrorOf(logs({ run: 'nope' }, io))).toBe('there is no run nope in this project (see `weft runs`)');
        expect(await userErrorOf(followLogs({ run: 'run-1', task: 'c' }, io, () => undefined, new AbortController().signal))).toBe('run run-1 has no task c; its tasks are: a, b');
    });

    it('follows a live run, handing over each line once, until the run ends', async () => {
        const folder = tempProject();
        const store = runWithLogs(folder, currentDriver());
        const seen: string[] = [];
        const followed = followLogs({ run: 'run-1' }, testIo(folder), event => {
            seen.push(event.message);
            // Lines that come while following, then the end of the run.
            if (event.message === 'run event') store.appendEvent('run-1', { at: 4, taskId: 'a', attempt: 1, level: 'info', message: 'a is done' });
            if (event.message === 'a is done') {
                store.appendEvent('run-1', { at: 5, level: 'info', message: 'last line' });
                store.finishRun('run-1', 'completed', 6);
            }
        }, new AbortController().signal);
        expect(await followed).toEqual({ runId: 'run-1', end: 'ended' });
        expect(seen).toEqual(['a says hello', 'b is slow', 'run event', 'a is done', 'last line']);
    });

    it('stops following a run whose driver is gone, and when the caller aborts', async () => {
        const folder = tempProject();
        const store = runWithLogs(folder);
        const io = testIo(folder);
        const seen: string[] = [];
        expect(await followLogs({ run: 'run-1', task: 'a' }, io, event => seen.push(event.message), new AbortController().signal)).toEqual({ runId: 'run-1', end: 'undriven' });
        expect(seen).toEqual(['a says hello']);
        store.claimRun('run-1', currentDriver());
        const abort = new AbortController();
        const followed = followLogs({ run: 'run-1' }, io, () => abort.abort(), abort.signal);
        expect(await followed).toEqual({ runId: 'run-1', end: 'stopped' });
    });
});

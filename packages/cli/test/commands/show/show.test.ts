// `show` called directly: a run's tasks with time, memory, cache decision and a failed task's
// last log lines; one task with its transitions and attempts; unknown runs and tasks refused.
import { afterEach, describe, expect, it } from 'vitest';
import { type FailureRecord, TaskState } from '@weft/runtime';
import { show } from '../../../src/commands/show/show.js';
import { projectStore, recordRun, tempProject, testIo, userErrorOf } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

const failure: FailureRecord = { step: 'train', message: 'loss is NaN', attempts: 2, kind: 'step', error: 'Error', stack: 'at train (steps.ts:3:9)' };

/** A run with a completed task `load` (from cache) and a task `train` that failed for good after two attempts. */
function failedRun(folder: string) {
    const store = projectStore(folder);
    cleanups.push(() => store.close());
    recordRun(store, 'run-1', { load: TaskState.Pending, train: TaskState.Pending });
    const mebibyte = 1024 * 1024;
    store.recordTransition({ runId: 'run-1', taskId: 'load', from: TaskState.Pending, to: TaskState.Cached, at: 10, reason: 'cache hit' });
    store.appendEvent('run-1', { at: 10, taskId: 'load', level: 'info', message: 'cache hit', fields: { cache: 'hit' } });
    for (const attempt of [1, 2]) {
        store.startAttempt('run-1', 'train', attempt, 100 * attempt, 128 * mebibyte * attempt);
        store.appendEvent('run-1', { at: 100 * attempt + 1, taskId: 'train', attempt, level: 'info', message: `epoch 1 of attempt ${attempt}` });
        store.appendEvent('run-1', { at: 100 * attempt + 2, taskId: 'train', attempt, level: 'error', message: 'loss is NaN', fields: { failure: { kind: 'step', error: 'Error', stack: 'at train (steps.ts:3:9)' } } });
        store.finishAttempt('run-1', 'train', attempt, 100 * attempt + 30, 'failed', 'loss is NaN');
    }
    store.recordTransition({ runId: 'run-1', taskId: 'train', from: TaskState.Pending, to: TaskState.Failed, at: 230, attempts: 2, failedForGood: true, failure });
    store.appendEvent('run-1', { at: 231, level: 'error', message: 'data.csv does not match its declared sha256' });
    store.finishRun('run-1', 'failed', 240);
    return store;
}

describe('show', () => {
    it('returns a run with each task: its time, the memory of each attempt, the cache decision, and a failed one with its last attempt\'s logs', async () => {
        const folder = tempProject();
        failedRun(folder);
        const view = await show({ run: 'run' }, testIo(folder));
        if (view.kind !== 'run') throw new Error(`expected a run, got ${view.kind}`);
        expect(view.run).toMatchObject({ id: 'run-1', status: 'failed' });
        expect(view.errors).toEqual(['data.csv does not match its declared sha256']);
        expect(view.tasks.map(({ task, ...summary }) => ({ id: task.id, state: task.state, ...summary, lastLogs: summary.lastLogs?.map(event => event.message) }))).toEqual([
            { id: 'load', state: TaskState.Cached, memory: [], cache: 'hit', lastLogs: undefined },
            { id: 'train', state: TaskState.Failed, milliseconds: 60, memory: [128 * 1024 * 1024, 256 * 1024 * 1024], lastLogs: ['epoch 1 of attempt 2'] },
        ]);
    });

    it('returns one task with its transitions and every attempt with its failure and log lines', async () => {
        const folder = tempProject();
        failedRun(folder);
        const view = await show({ run: 'run-1', task: 'train' }, testIo(folder));
        if (view.kind !== 'task') throw new Error(`expected a task, got ${view.kind}`);
        expect(view.task).toMatchObject({ id: 'train', state: TaskState.Failed, attempts: 2, failure });
        expect(view.transitions.map(change => [change.from, change.to])).toEqual([[TaskState.Pending, TaskState.Failed]]);
        expect(view.attempts.map(report => ({ attempt: report.attempt.attempt, failure: report.failure, logs: report.lastLogs.map(event => event.message) }))).toEqual([
            { attempt: 1, failure: { kind: 'step', error: 'Error', stack: 'at train (steps.ts:3:9)' }, logs: ['epoch 1 of attempt 1'] },
            { attempt: 2, failure: { kind: 'step', error: 'Error', stack: 'at train (steps.ts:3:9)' }, logs: ['epoch 1 of attempt 2'] },
        ]);
    });

    it('refuses an unknown run, and an unknown task naming the tasks the run has', async () => {
        const folder = tempProject();
        failedRun(folder);
        const io = testIo(folder);
        expect(await userErrorOf(show({ run: 'nope' }, io))).toBe('there is no run nope in this project (see `weft runs`)');
        expect(await userErrorOf(show({ run: 'run-1', task: 'evaluate' }, io))).toBe('run run-1 has no task evaluate; its tasks are: load, train');
    });
});

import { describe, expect, it } from 'vitest';
import { applyTransition } from '../../src/execution/task-lifecycle.js';
import type { RunTask } from '../../src/execution/run-task.js';
import { IllegalTransitionError, TaskState } from '../../src/lifecycle/task-state.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { node, plan } from './plan-fixtures.js';

function storeWithTask(): { store: SqliteRunStore; task: RunTask } {
    const store = new SqliteRunStore();
    store.createRun({ id: 'r', pipeline: 'test', plan: plan([node('a')]), parameters: {}, root: '/', settings: {}, createdAt: 0 });
    store.insertTask({ runId: 'r', id: 'a', node: 'a', state: TaskState.Pending, attempts: 0, failedForGood: false });
    return { store, task: { id: 'a', node: node('a'), state: TaskState.Pending, attempts: 0, failedForGood: false } };
}

describe('applyTransition', () => {
    it('commits a legal transition to the store before the task changes', () => {
        const { store, task } = storeWithTask();
        applyTransition(store, 'r', task, TaskState.Skipped, { reason: 'its when condition is false' });
        expect(task.state).toBe('skipped');
        expect(store.tasks('r')[0]?.state).toBe('skipped');
        expect(store.transitions('r')).toEqual([{ taskId: 'a', from: 'pending', to: 'skipped', at: expect.any(Number), reason: 'its when condition is false' }]);
    });

    it('throws on an illegal transition and changes neither the task nor the store', () => {
        const { store, task } = storeWithTask();
        applyTransition(store, 'r', task, TaskState.Skipped);
        expect(() => applyTransition(store, 'r', task, TaskState.Running)).toThrow(IllegalTransitionError);
        expect(() => applyTransition(store, 'r', task, TaskState.Running)).toThrow(/skipped → running for a/);
        expect(task.state).toBe('skipped');
        expect(store.transitions('r')).toHaveLength(1);
    });

    it('refuses a transition the store does not start from (another writer got there first)', () => {
        const { store, task } = storeWithTask();
        const stale: RunTask = { ...task };
        applyTransition(store, 'r', task, TaskState.Cancelled);
        expect(() => applyTransition(store, 'r', stale, TaskState.Allocating)).toThrow(/is not pending in the run store/);
        expect(stale.state).toBe('pending');
    });
});

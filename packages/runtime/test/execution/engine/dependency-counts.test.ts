// Dependency counts and fan-out bookkeeping on their own: what becomes decidable when a task settles.
import { describe, expect, it } from 'vitest';
import { DependencyCounts } from '../../../src/execution/engine/dependency-counts.js';
import { FanOuts, fanOutEnd } from '../../../src/execution/engine/fan-outs.js';
import type { RunTask } from '../../../src/execution/run-task.js';
import { TaskState } from '../../../src/lifecycle/task-state.js';
import { node, parameter } from '../plan-fixtures.js';

describe('DependencyCounts', () => {
    it('names a task once its last unsettled dependency settles, counting a dependency named twice once', () => {
        const nodes = [node('a'), node('b'), node('c', { needs: ['a', 'b'], after: ['a'] }), node('handler', { onFailureOf: ['c'] })];
        const tasks = new Map(nodes.map((each): [string, RunTask] => [each.id, { id: each.id, node: each, state: TaskState.Pending, attempts: 0, failedForGood: false }]));
        tasks.get('b')!.state = TaskState.Completed;
        const ready: string[] = [];
        const counts = new DependencyCounts(nodes, id => ready.push(id));
        for (const task of tasks.values()) counts.count(task, tasks);
        counts.settled('a');
        expect(ready).toEqual(['c']);
        counts.settled('c');
        expect(ready).toEqual(['c', 'handler']);
    });
});

describe('FanOuts', () => {
    const fan = node('fan', { forEach: { variable: 'x', items: parameter('items'), output: 'value' } });
    const element = (index: number, state: TaskState, value?: unknown): RunTask => ({
        id: `fan[${index}]`, node: fan, index, parent: 'fan', state, attempts: 1, failedForGood: state === TaskState.Failed, ...(value === undefined ? {} : { value }),
    });

    it('says when the last element settled, and whether the fan-out has room under its concurrency', () => {
        const fanOuts = new FanOuts();
        fanOuts.expanded('fan', 2);
        expect(fanOuts.elementSettled('fan')).toBe(false);
        expect(fanOuts.elementSettled('fan')).toBe(true);
        expect(fanOuts.elementSettled('not expanded')).toBe(false);
        fanOuts.elementInFlight('fan', true);
        fanOuts.elementInFlight('fan', true);
        expect(fanOuts.hasRoom('fan', 2)).toBe(false);
        fanOuts.elementInFlight('fan', false);
        expect(fanOuts.inFlightOf('fan')).toBe(1);
        expect(fanOuts.hasRoom('fan', 2)).toBe(true);
    });

    it('completes with the elements’ named outputs in order, or fails with the first unsuccessful element', () => {
        const task: RunTask = { id: 'fan', node: fan, state: TaskState.Running, attempts: 0, failedForGood: false };
        expect(fanOutEnd(task, [element(0, TaskState.Completed, { value: 1 }), element(1, TaskState.Cached, { value: 2 })]))
            .toEqual({ to: TaskState.Completed, details: { value: [1, 2] } });
        expect(fanOutEnd(task, [element(0, TaskState.Completed, { value: 1 }), element(1, TaskState.Cancelled)])).toEqual({
            to: TaskState.Failed,
            details: { failedForGood: true, reason: 'fan[1] ended cancelled', failure: { step: 'fan', message: 'fan[1] ended cancelled', attempts: 1 } },
        });
    });
});

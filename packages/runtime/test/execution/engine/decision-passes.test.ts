// Decision passes on their own: tasks are decided in insertion order, as a scan of every task would.
import { describe, expect, it } from 'vitest';
import { DecisionPasses } from '../../../src/execution/engine/decision-passes.js';
import type { RunTask } from '../../../src/execution/run-task.js';
import { TaskState } from '../../../src/lifecycle/task-state.js';
import { node } from '../plan-fixtures.js';

function task(id: string): RunTask {
    return { id, node: node(id), state: TaskState.Pending, attempts: 0, failedForGood: false };
}

/** Passes over `ids` (added in that order) that list what they decide and run `during` on each decision. */
function passes(ids: readonly string[], during: (decided: RunTask, passes: DecisionPasses, tasks: Map<string, RunTask>) => void = () => undefined) {
    const tasks = new Map(ids.map(id => [id, task(id)]));
    const decided: string[] = [];
    const decisions: DecisionPasses = new DecisionPasses(each => {
        decided.push(each.id);
        during(each, decisions, tasks);
    });
    for (const each of tasks.values()) decisions.add(each);
    return { decisions, decided, tasks };
}

describe('DecisionPasses', () => {
    it('decides the queued tasks in insertion order, whatever order they were queued in, each once', () => {
        const { decisions, decided, tasks } = passes(['t0', 't1', 't2', 't3']);
        for (const id of ['t3', 't0', 't2', 't0']) decisions.queue(tasks.get(id)!);
        decisions.run();
        expect(decided).toEqual(['t0', 't2', 't3']);
        decisions.run();
        expect(decided).toEqual(['t0', 't2', 't3']);
    });

    it('lets a task queued during a pass join it when it comes later, and keeps an earlier one for the next pass', () => {
        const { decisions, decided, tasks } = passes(['t0', 't1', 't2', 't3'], (each, queue, all) => {
            if (each.id === 't1') queue.queue(all.get('t3')!);
            if (each.id === 't2') queue.queue(all.get('t0')!);
        });
        for (const id of ['t1', 't2']) decisions.queue(tasks.get(id)!);
        decisions.run();
        expect(decided).toEqual(['t1', 't2', 't3', 't0']);
    });

    it('keeps a task added during a pass for the next pass, in insertion order with the others queued for it', () => {
        const { decisions, decided, tasks } = passes(['t0', 't1'], (each, queue, all) => {
            if (each.id === 't0' && !all.has('t4')) {
                const added = task('t4');
                all.set('t4', added);
                queue.add(added);
                queue.queue(added);
            }
            // Queued again after its turn: it waits for the next pass, which t4 also waits for.
            if (each.id === 't1') queue.queue(all.get('t0')!);
        });
        for (const id of ['t0', 't1']) decisions.queue(tasks.get(id)!);
        decisions.run();
        expect(decided).toEqual(['t0', 't1', 't0', 't4']);
    });
});

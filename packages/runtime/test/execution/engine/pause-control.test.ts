// Pause control on its own: freezing and thawing the attempts in flight, one request after another.
import { describe, expect, it } from 'vitest';
import { PauseControl } from '../../../src/execution/engine/pause-control.js';
import type { RunTask } from '../../../src/execution/run-task.js';
import { applyTransition } from '../../../src/execution/task-lifecycle.js';
import type { AttemptSpec, Executor } from '../../../src/executors/executor.js';
import { InlineExecutor } from '../../../src/executors/inline-executor.js';
import { TaskState } from '../../../src/lifecycle/task-state.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { node, plan, until } from '../plan-fixtures.js';

const runId = 'run';

/**
 * An executor whose `pause` and `resume` finish when the test says so, recording what they were
 * asked: the order of requests and freezes is what is under test, not a sandbox's signals.
 */
class FreezingExecutor implements Executor {
    readonly name = 'freezing';
    readonly calls: string[] = [];
    private readonly waiting: (() => void)[] = [];

    execute(): never {
        throw new Error('not used: the tasks are already in flight');
    }

    pause(attempt: AttemptSpec): Promise<void> {
        this.calls.push(`pause ${attempt.taskId}`);
        return new Promise(resolve => this.waiting.push(resolve));
    }

    resume(attempt: AttemptSpec): Promise<void> {
        this.calls.push(`resume ${attempt.taskId}`);
        return Promise.resolve();
    }

    /** Lets every pause asked for so far finish. */
    finishPauses(): void {
        for (const resolve of this.waiting.splice(0)) resolve();
    }
}

/** A run of `running` (an attempt in flight) and `waiting` (pending), its tasks moved through the real store. */
function pausedRun(executor: Executor, controller = new AbortController()) {
    const store = new SqliteRunStore();
    const nodes = [node('running'), node('waiting')];
    store.createRun({ id: runId, pipeline: 'test', plan: plan(nodes), root: '/', createdAt: 0, parameters: {}, settings: {} },
        nodes.map(each => ({ runId, id: each.id, node: each.id, state: TaskState.Pending, attempts: 0, failedForGood: false })));
    const [running, waiting] = nodes.map((each): RunTask => ({ id: each.id, node: each, state: TaskState.Pending, attempts: 0, failedForGood: false }));
    const move = (task: RunTask, to: TaskState, details?: Parameters<typeof applyTransition>[4]): void => applyTransition(store, runId, task, to, details);
    move(running!, TaskState.Allocating, { attempts: 1 });
    move(running!, TaskState.Running);
    running!.inFlight = true;
    running!.spec = { taskId: 'running' } as AttemptSpec;
    let notified = 0;
    const control = new PauseControl({ runId, store, executor, signal: controller.signal, unsettled: [running!, waiting!], move, notify: () => notified++ });
    return { store, control, running: running!, waiting: waiting!, notified: () => notified, controller };
}

const statesOf = (store: SqliteRunStore, taskId: string): string[] => store.transitions(runId, taskId).map(change => change.to);

describe('PauseControl', () => {
    it('records the run as paused at once, and moves an attempt in flight to paused only once its executor froze it', async () => {
        const executor = new FreezingExecutor();
        const { store, control, running, waiting } = pausedRun(executor);
        control.set(true);
        expect(control.paused).toBe(true);
        expect(store.run(runId)?.paused).toBe(true);
        await until(() => running.state === TaskState.Pausing, 'running is pausing');
        expect(executor.calls).toEqual(['pause running']);
        expect(running.state).toBe(TaskState.Pausing);
        executor.finishPauses();
        await until(() => running.state === TaskState.Paused, 'running is paused');
        expect(waiting.state).toBe(TaskState.Pending);
    });

    it('resumes after the pause asked for just before has finished, and applies the outcome held while paused', async () => {
        const executor = new FreezingExecutor();
        const { store, control, running, notified } = pausedRun(executor);
        const held: boolean[] = [];
        running.heldOutcome = cancelled => held.push(cancelled);
        control.set(true);
        control.set(false);
        expect(store.run(runId)?.paused).toBeUndefined();
        await until(() => executor.calls.length === 1, 'the pause is asked for');
        // The resume waits for the pause under way.
        expect(running.state).toBe(TaskState.Pausing);
        executor.finishPauses();
        await until(() => running.state === TaskState.Running && held.length === 1, 'running runs again');
        expect(executor.calls).toEqual(['pause running', 'resume running']);
        expect(statesOf(store, 'running')).toEqual(['allocating', 'running', 'pausing', 'paused', 'resuming', 'allocating', 'running']);
        expect(held).toEqual([false]);
        expect(running.heldOutcome).toBeUndefined();
        await until(() => notified() === 4, 'the engine is told after each request and after each is carried out');
    });

    it('lets attempts run on when the executor cannot freeze them (inline): only new starts wait', async () => {
        const { store, control, running, notified } = pausedRun(new InlineExecutor());
        control.set(true);
        await until(() => notified() === 2, 'the pause is carried out');
        expect(control.paused).toBe(true);
        expect(running.state).toBe(TaskState.Running);
        expect(statesOf(store, 'running')).toEqual(['allocating', 'running']);
    });

    it('on cancellation, thaws a frozen attempt so its executor can stop it, and cancels an outcome held while paused', async () => {
        const executor = new FreezingExecutor();
        const { control, running, waiting } = pausedRun(executor);
        control.set(true);
        await until(() => executor.calls.length === 1, 'the pause is asked for');
        executor.finishPauses();
        await until(() => running.state === TaskState.Paused, 'running is paused');
        control.thawForCancel();
        expect(executor.calls).toEqual(['pause running', 'resume running']);

        const held: boolean[] = [];
        running.heldOutcome = cancelled => held.push(cancelled);
        control.thawForCancel();
        expect(held).toEqual([true]);
        expect(executor.calls).toEqual(['pause running', 'resume running']);
        expect(waiting.state).toBe(TaskState.Pending);
    });

    it('does nothing to the attempts once the run was cancelled', async () => {
        const executor = new FreezingExecutor();
        const controller = new AbortController();
        const { control, running, notified } = pausedRun(executor, controller);
        controller.abort();
        control.set(true);
        await until(() => notified() === 1, 'the engine is told');
        await new Promise(resolve => setImmediate(resolve));
        expect(executor.calls).toEqual([]);
        expect(running.state).toBe(TaskState.Running);
    });
});

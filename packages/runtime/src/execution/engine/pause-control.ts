import type { Executor } from '../../executors/executor.js';
import { TaskState } from '../../lifecycle/task-state.js';
import type { RunStore } from '../../store/run-store.js';
import type { RunTask } from '../run-task.js';
import type { TransitionDetails } from '../task-lifecycle.js';

/** What pausing needs from the engine: its run, the tasks not settled yet and its transitions. */
export interface PausedRun {
    readonly runId: string;
    readonly store: RunStore;
    readonly executor: Executor;
    readonly signal: AbortSignal;
    readonly unsettled: Iterable<RunTask>;
    move(task: RunTask, to: TaskState, details?: TransitionDetails): void;
    /** Something changed: the engine looks again. */
    notify(): void;
}

/**
 * Pauses and resumes a run (`weft pause`/`weft resume`): while paused no task starts, and the
 * executor freezes the attempts in flight (`running → pausing → paused`); resuming thaws them
 * (`paused → resuming → allocating → running`). Pausing and resuming happen one after another.
 */
export class PauseControl {
    private isPaused = false;
    private chain: Promise<void> = Promise.resolve();

    constructor(private readonly run: PausedRun) {}

    get paused(): boolean {
        return this.isPaused;
    }

    set(paused: boolean): void {
        if (this.isPaused === paused) return;
        this.isPaused = paused;
        const { run } = this;
        // What `weft resume` reads to tell a paused driver from one that is running.
        run.store.setRunPaused(run.runId, paused);
        this.chain = this.chain.then(async () => {
            if (run.signal.aborted) return;
            if (paused) await this.freeze();
            else await this.thaw();
            run.notify();
        }).catch((error: unknown) => {
            run.store.appendEvent(run.runId, { at: Date.now(), level: 'error', message: `${paused ? 'pausing' : 'resuming'} the run failed: ${String(error)}` });
        });
        run.notify();
    }

    /** On cancellation, frozen attempts thaw so their executor can stop them; one that already ended is cancelled. */
    thawForCancel(): void {
        for (const task of this.run.unsettled) {
            if (task.state !== TaskState.Paused && task.state !== TaskState.Pausing) continue;
            const held = task.heldOutcome;
            task.heldOutcome = undefined;
            if (held) held(true);
            else if (task.spec) void this.run.executor.resume?.(task.spec);
        }
    }

    private async freeze(): Promise<void> {
        const { executor } = this.run;
        const running = [...this.run.unsettled].filter(task => task.inFlight && task.state === TaskState.Running && !task.children);
        // An executor that cannot freeze attempts (inline) lets them run on; only new starts wait.
        if (!executor.pause) return;
        for (const task of running) this.run.move(task, TaskState.Pausing, { reason: 'the run was paused' });
        await Promise.all(running.map(async task => {
            if (task.spec) await executor.pause!(task.spec);
            if (task.state === TaskState.Pausing && !this.run.signal.aborted) this.run.move(task, TaskState.Paused);
        }));
    }

    private async thaw(): Promise<void> {
        const { executor } = this.run;
        const frozen = [...this.run.unsettled].filter(task => task.state === TaskState.Paused);
        for (const task of frozen) this.run.move(task, TaskState.Resuming, { reason: 'the run was resumed' });
        await Promise.all(frozen.map(async task => {
            if (task.spec && executor.resume) await executor.resume(task.spec);
            if (task.state !== TaskState.Resuming) return;
            this.run.move(task, TaskState.Allocating);
            this.run.move(task, TaskState.Running);
            const held = task.heldOutcome;
            task.heldOutcome = undefined;
            held?.(false);
        }));
    }
}

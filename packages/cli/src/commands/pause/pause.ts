import { type RunStore, TaskState } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { signalAndWait, withRunningRun } from '../live-run/live-run.js';
import { liveDriver } from '../run/run-driver.js';

export interface PauseOptions {
    /** The run id, or a unique prefix of it. */
    readonly run: string;
}

export interface PauseReport {
    readonly runId: string;
    /** The process that drives the run and paused it. */
    readonly pid: number;
    /** How many of its tasks are frozen (`paused`). */
    readonly pausedTasks: number;
}

/** How long this waits for the run's tasks to freeze; the report says how many did. */
const pauseWaitMs = 60_000;

/**
 * Asks the live process running the run to pause (SIGTSTP): no new task starts and running
 * attempts are frozen; waits until none is still `running` or `pausing`. Throws a
 * {@link UserError} for an unknown or ended run, or one with no live process.
 */
export async function pause(options: PauseOptions, io: CliIo): Promise<PauseReport> {
    return withRunningRun(io.cwd, options.run, async (store, run) => {
        const driver = liveDriver(run);
        if (driver === undefined) throw new UserError(`run ${run.id} has no live process to pause; finish it with \`weft resume ${run.id}\``);
        await signalAndWait(store, run, driver, 'SIGTSTP', current => current.status !== 'running' || frozen(store, run.id), pauseWaitMs);
        return { runId: run.id, pid: driver.pid, pausedTasks: store.tasks(run.id).filter(task => task.state === TaskState.Paused).length };
    });
}

/**
 * Whether the run's tasks have frozen: none is still `running` or `pausing`, or some are
 * `paused` and none `pausing` (a task still `running` may be a fan-out, or an attempt whose
 * executor cannot freeze it).
 */
function frozen(store: RunStore, runId: string): boolean {
    const states = store.tasks(runId).map(task => task.state);
    const pausing = states.includes(TaskState.Pausing);
    return (!pausing && !states.includes(TaskState.Running)) || (!pausing && states.includes(TaskState.Paused));
}

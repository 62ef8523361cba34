import type { RunDriver, RunRecord, RunStore } from '@weft/runtime';
import { UserError } from '../../errors.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { signalDriver, waitForRun } from '../run/run-driver.js';

/**
 * Calls `act` with the project's run store open and the run `id` names (the id or a unique
 * prefix of it), for the commands that act on a run still in progress (`weft cancel`,
 * `weft pause`): a run that has already ended is refused.
 */
export async function withRunningRun<T>(cwd: string, id: string, act: (store: RunStore, run: RunRecord) => Promise<T>): Promise<T> {
    const store = openStore(projectAt(cwd));
    try {
        const run = findRun(store, id);
        if (run.status !== 'running') throw new UserError(`run ${run.id} has already ended (${run.status})`);
        return await act(store, run);
    } finally {
        store.close();
    }
}

/**
 * Sends `signal` to the run's live driver, then waits (polling the store, up to `ms`) until
 * `done` holds for the run; returns whether it did.
 */
export async function signalAndWait(store: RunStore, run: RunRecord, driver: RunDriver, signal: NodeJS.Signals, done: (current: RunRecord) => boolean, ms: number): Promise<boolean> {
    signalDriver(run.id, driver, signal);
    return waitForRun(store, run.id, done, ms);
}

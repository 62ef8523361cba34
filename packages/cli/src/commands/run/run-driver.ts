import { hostname } from 'node:os';
import { driverIsAlive, RunDrivenError, type RunDriver, type RunRecord, type RunStore } from '@weft/runtime';
import { UserError } from '../../errors.js';

/** The process that drives the run, if the store names one that is still alive (same pid and start time). */
export function liveDriver(run: RunRecord): RunDriver | undefined {
    return run.driver && driverIsAlive(run.driver) ? run.driver : undefined;
}

/** Sends `signal` to the run's live driver; one on another host cannot be reached from here. */
export function signalDriver(runId: string, driver: RunDriver, signal: NodeJS.Signals): void {
    if (driver.host !== hostname()) throw new UserError(`run ${runId} is driven by process ${driver.pid} on ${driver.host}; run this command there`);
    process.kill(driver.pid, signal);
}

/** Waits (polling the store, up to `ms`) until `done` holds for the run; returns whether it did. */
export async function waitForRun(store: RunStore, runId: string, done: (run: RunRecord) => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
        const run = store.run(runId);
        if (run && done(run)) return true;
        if (Date.now() > deadline) return false;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

/** The refusal of a second driver (a user error: exit 2, one line). */
export function drivenElsewhere(runId: string, driver: RunDriver): RunDrivenError {
    return new RunDrivenError(runId, driver);
}

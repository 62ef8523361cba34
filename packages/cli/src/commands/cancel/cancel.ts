import { currentDriver, type RunStatus } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { signalAndWait, withRunningRun } from '../live-run/live-run.js';
import { liveDriver } from '../run/run-driver.js';
import { cancelAbandonedRun, removeAbandonedSandboxes } from './cancel-abandoned-run.js';

export interface CancelOptions {
    /** The run id, or a unique prefix of it. */
    readonly run: string;
}

/** How a run was cancelled: by its live driver, or here, because its driver had died. */
export type CancelReport =
    | { readonly kind: 'signalled'; readonly runId: string; readonly pid: number; readonly status: RunStatus }
    | { readonly kind: 'abandoned'; readonly runId: string; readonly cancelledTasks: number };

/** How long a driver has to end its run after SIGINT. */
const cancelWaitMs = 60_000;

/**
 * Cancels a running run: its live driver (the process the store names, with the same start
 * time) gets SIGINT (it cancels itself cleanly, as on Ctrl-C) and this waits for the run to end;
 * a run whose driver died is taken over and marked cancelled here. No other process is ever
 * signalled. Throws a {@link UserError} for an unknown or ended run, or a driver that does not end it.
 */
export async function cancel(options: CancelOptions, io: CliIo): Promise<CancelReport> {
    return withRunningRun(io.cwd, options.run, async (store, run) => {
        // Taking the run over keeps a `weft resume` from starting it while it is cancelled.
        const driver = liveDriver(run) ?? store.claimRun(run.id, currentDriver());
        if (driver === undefined) {
            const cancelledTasks = cancelAbandonedRun(store, run.id);
            await removeAbandonedSandboxes();
            return { kind: 'abandoned', runId: run.id, cancelledTasks };
        }
        if (!await signalAndWait(store, run, driver, 'SIGINT', current => current.status !== 'running', cancelWaitMs)) {
            throw new UserError(`process ${driver.pid} got SIGINT but run ${run.id} has not ended after ${cancelWaitMs / 1000} s`);
        }
        return { kind: 'signalled', runId: run.id, pid: driver.pid, status: store.run(run.id)!.status };
    });
}

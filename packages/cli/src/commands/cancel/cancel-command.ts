import { Command } from 'commander';
import { currentDriver } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { UserError } from '../../errors.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { liveDriver, signalDriver, waitForRun } from '../run/run-driver.js';
import { cancelAbandonedRun, removeAbandonedSandboxes } from './cancel-abandoned-run.js';

/**
 * `weft cancel <run>`: the run's live driver (the process the store names, with the same start
 * time) gets SIGINT (it cancels itself cleanly, as on Ctrl-C) and this waits for it; a run whose
 * driver died is taken over and marked cancelled here. No other process is ever signalled.
 */
export function cancelCommand(io: CliIo): Command {
    return new Command('cancel')
        .description('cancel a run: signal the process driving it, or mark a run whose driver died as cancelled')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .action(async (id: string) => {
            const project = projectAt(io.cwd);
            const store = openStore(project);
            try {
                const run = findRun(store, id);
                if (run.status !== 'running') throw new UserError(`run ${run.id} has already ended (${run.status})`);
                // Taking the run over keeps a `weft resume` from starting it while it is cancelled.
                const driver = liveDriver(run) ?? store.claimRun(run.id, currentDriver());
                if (driver === undefined) {
                    const cancelled = cancelAbandonedRun(store, run.id);
                    await removeAbandonedSandboxes();
                    io.stdout.write(`run ${run.id} cancelled (its process had stopped; ${cancelled} ${cancelled === 1 ? 'task' : 'tasks'} marked cancelled)\n`);
                    return;
                }
                signalDriver(run.id, driver, 'SIGINT');
                if (!await waitForRun(store, run.id, current => current.status !== 'running', 60_000)) {
                    throw new UserError(`process ${driver.pid} got SIGINT but run ${run.id} has not ended after 60 s`);
                }
                io.stdout.write(`run ${run.id} ${store.run(run.id)!.status} (process ${driver.pid} stopped it)\n`);
            } finally {
                store.close();
            }
        });
}

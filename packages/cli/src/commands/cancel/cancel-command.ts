import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { UserError } from '../../errors.js';
import { findRun, livePid, openStore, projectAt } from '../run/project.js';
import { cancelAbandonedRun, removeAbandonedSandboxes } from './cancel-abandoned-run.js';

/**
 * `weft cancel <run>`: a run whose process is alive gets SIGINT (it cancels itself cleanly, as
 * on Ctrl-C) and this waits for it; a run whose process died is marked cancelled here.
 */
export function cancelCommand(io: CliIo): Command {
    return new Command('cancel')
        .description('cancel a run: signal the process running it, or mark a run whose process died as cancelled')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .action(async (id: string) => {
            const project = projectAt(io.cwd);
            const store = openStore(project);
            try {
                const run = findRun(store, id);
                if (run.status !== 'running') throw new UserError(`run ${run.id} has already ended (${run.status})`);
                const pid = await livePid(project, run.id);
                if (pid === undefined) {
                    const cancelled = cancelAbandonedRun(store, run.id);
                    await removeAbandonedSandboxes();
                    io.stdout.write(`run ${run.id} cancelled (its process had stopped; ${cancelled} ${cancelled === 1 ? 'task' : 'tasks'} marked Cancelled)\n`);
                    return;
                }
                process.kill(pid, 'SIGINT');
                const deadline = Date.now() + 60_000;
                while (store.run(run.id)?.status === 'running') {
                    if (Date.now() > deadline) throw new UserError(`process ${pid} got SIGINT but run ${run.id} has not ended after 60 s`);
                    await new Promise(resolve => setTimeout(resolve, 100));
                }
                io.stdout.write(`run ${run.id} ${store.run(run.id)!.status} (process ${pid} stopped it)\n`);
            } finally {
                store.close();
            }
        });
}

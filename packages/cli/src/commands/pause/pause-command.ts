import { Command } from 'commander';
import { TaskState } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { UserError } from '../../errors.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { liveDriver, signalDriver } from '../run/run-driver.js';

/**
 * `weft pause <run>`: asks the live process running it to pause (SIGTSTP): no new task starts
 * and running attempts are frozen; waits until none is still `running` or `pausing`.
 */
export function pauseCommand(io: CliIo): Command {
    return new Command('pause')
        .description('pause a live run: no new task starts and running steps are frozen until `weft resume`')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .action(async (id: string) => {
            const project = projectAt(io.cwd);
            const store = openStore(project);
            try {
                const run = findRun(store, id);
                if (run.status !== 'running') throw new UserError(`run ${run.id} has already ended (${run.status})`);
                const driver = liveDriver(run);
                if (driver === undefined) throw new UserError(`run ${run.id} has no live process to pause; finish it with \`weft resume ${run.id}\``);
                const pid = driver.pid;
                signalDriver(run.id, driver, 'SIGTSTP');
                const deadline = Date.now() + 60_000;
                const active = (): number => store.tasks(run.id).filter(task => task.state === TaskState.Running || task.state === TaskState.Pausing).length;
                // A task in `running` may also be a fan-out or an attempt whose executor cannot freeze it; give it a moment, then report.
                while (active() > 0 && Date.now() < deadline && store.run(run.id)?.status === 'running') {
                    await new Promise(resolve => setTimeout(resolve, 100));
                    if (store.tasks(run.id).some(task => task.state === TaskState.Paused) && !store.tasks(run.id).some(task => task.state === TaskState.Pausing)) break;
                }
                const paused = store.tasks(run.id).filter(task => task.state === TaskState.Paused).length;
                io.stdout.write(`run ${run.id} paused (process ${pid}; ${paused} ${paused === 1 ? 'task' : 'tasks'} frozen); continue it with \`weft resume ${run.id}\`\n`);
            } finally {
                store.close();
            }
        });
}

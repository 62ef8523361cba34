import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { pause } from './pause.js';

/**
 * `weft pause <run>`: asks the live process running it to pause (SIGTSTP): no new task starts
 * and running attempts are frozen; waits until none is still `running` or `pausing`.
 */
export function pauseCommand(io: CliIo): Command {
    return new Command('pause')
        .description('pause a live run: no new task starts and running steps are frozen until `weft resume`')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .action(async (run: string) => {
            const report = await pause({ run }, io);
            const tasks = `${report.pausedTasks} ${report.pausedTasks === 1 ? 'task' : 'tasks'}`;
            io.stdout.write(`run ${report.runId} paused (process ${report.pid}; ${tasks} frozen); continue it with \`weft resume ${report.runId}\`\n`);
        });
}

import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { cancel, type CancelReport } from './cancel.js';

/** `weft cancel <run>`. */
export function cancelCommand(io: CliIo): Command {
    return new Command('cancel')
        .description('cancel a run: signal the process driving it, or mark a run whose driver died as cancelled')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .action(async (run: string) => {
            io.stdout.write(`${describe(await cancel({ run }, io))}\n`);
        });
}

function describe(report: CancelReport): string {
    if (report.kind === 'signalled') return `run ${report.runId} ${report.status} (process ${report.pid} stopped it)`;
    const tasks = `${report.cancelledTasks} ${report.cancelledTasks === 1 ? 'task' : 'tasks'}`;
    return `run ${report.runId} cancelled (its process had stopped; ${tasks} marked cancelled)`;
}

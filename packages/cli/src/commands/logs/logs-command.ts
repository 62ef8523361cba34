import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { findRun, openStore, projectAt } from '../run/project.js';

/** `weft logs <run> [task]`: the step log lines and run events, oldest first. */
export function logsCommand(io: CliIo): Command {
    return new Command('logs')
        .description("print a run's step logs and events, or one task's")
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .argument('[task]', 'only this task (a node id, or node[i] for a fan-out element)')
        .action((id: string, task: string | undefined) => {
            const store = openStore(projectAt(io.cwd));
            try {
                const run = findRun(store, id);
                for (const event of store.events(run.id, task)) {
                    const fields = event.fields && Object.keys(event.fields).length > 0 ? ` ${JSON.stringify(event.fields)}` : '';
                    const attempt = event.attempt === undefined ? '' : `#${event.attempt}`;
                    io.stdout.write(`${new Date(event.at).toISOString()} ${visible(event.taskId ?? '-') + attempt} ${event.level} ${visible(event.message)}${visible(fields)}\n`);
                }
            } finally {
                store.close();
            }
        });
}

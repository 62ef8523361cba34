import { Command, Option } from 'commander';
import type { CliIo } from '../../io.js';
import { formatRunJson, formatRunText, formatTaskJson, formatTaskText } from './format-show.js';
import { show } from './show.js';

/**
 * `weft show <run> [task]`: the run's tasks (state, attempts, duration, memory of each attempt, cache result), each failed
 * task with its error, stack and last log lines, then the outputs; or one task's attempts.
 */
export function showCommand(io: CliIo): Command {
    return new Command('show')
        .description('show a run: its tasks with state, attempts, duration, memory and cache result, the failed ones with their error, then its outputs; or one task in detail')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .argument('[task]', "only this task, with each attempt's transitions, error, stack and last log lines")
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object').choices(['text', 'json']).default('text'))
        .action(async (run: string, task: string | undefined, options: { format: 'text' | 'json' }) => {
            const view = await show({ run, ...(task === undefined ? {} : { task }) }, io);
            const json = options.format === 'json';
            if (view.kind === 'run') io.stdout.write(json ? formatRunJson(view) : formatRunText(view));
            else io.stdout.write(json ? formatTaskJson(view) : formatTaskText(view));
        });
}

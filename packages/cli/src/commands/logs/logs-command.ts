import { Command, Option } from 'commander';
import type { RunEvent } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { interruptSignal } from '../run/interrupt.js';
import { errorLines, logLine } from '../show/format-failure.js';
import { eventJson, failureOfEvent } from '../show/run-report.js';
import { followLogs, logs } from './logs.js';

interface LogsCommandOptions {
    readonly format: 'text' | 'json';
    readonly follow?: boolean;
}

/** `weft logs <run> [task]`: the step log lines and run events, oldest first, a failed attempt with its error and stack. */
export function logsCommand(io: CliIo): Command {
    return new Command('logs')
        .description("print a run's step logs and events, or one task's; a failed attempt with its error and stack")
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .argument('[task]', 'only this task (a node id, or node[i] for a fan-out element)')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object per line').choices(['text', 'json']).default('text'))
        .option('--follow', 'keep printing new lines until the run ends (Ctrl-C stops following)')
        .action(async (run: string, task: string | undefined, options: LogsCommandOptions) => {
            const print = (event: RunEvent): void => io.stdout.write(options.format === 'json' ? `${JSON.stringify(eventJson(event))}\n` : textOf(event));
            const which = { run, ...(task === undefined ? {} : { task }) };
            if (!options.follow) {
                (await logs(which, io)).events.forEach(print);
                return;
            }
            const interrupt = interruptSignal();
            try {
                const { runId, end } = await followLogs(which, io, print, interrupt.signal);
                if (end === 'undriven') io.stderr.write(`weft: run ${runId} is not being driven (its process is gone): finish it with \`weft resume ${runId}\`\n`);
            } finally {
                interrupt.dispose();
            }
        });
}

/** A log line; a failed attempt's event with its error's stack below it instead of its fields. */
function textOf(event: RunEvent): string {
    const failure = failureOfEvent(event);
    if (!failure) return `${logLine(event)}\n`;
    const attempt = event.attempt === undefined ? '' : `#${event.attempt}`;
    return `${new Date(event.at).toISOString()} ${visible(event.taskId ?? '-') + attempt} ${event.level} ${errorLines(event.message, { ...failure, error: undefined }, '').trimStart()}`;
}

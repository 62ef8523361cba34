import { Command, Option } from 'commander';
import { driverIsAlive, type RunEvent, type RunStore } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { interruptSignal } from '../run/interrupt.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { errorLines, logLine } from '../show/format-failure.js';
import { eventJson, failureOfEvent, requireTask } from '../show/run-report.js';

/** How often `--follow` looks for new lines. */
const FOLLOW_INTERVAL_MS = 200;

interface LogsOptions {
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
        .action(async (id: string, task: string | undefined, options: LogsOptions) => {
            const store = openStore(projectAt(io.cwd));
            try {
                const run = findRun(store, id);
                if (task !== undefined) requireTask(store, run, task);
                const print = (event: RunEvent): void => io.stdout.write(options.format === 'json' ? `${JSON.stringify(eventJson(event))}\n` : textOf(event));
                if (options.follow) await follow(io, store, run.id, task, print);
                else store.events(run.id, task).forEach(print);
            } finally {
                store.close();
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

/**
 * Prints the run's lines as they come, until the run ends (then its last lines), its driver is
 * gone, or Ctrl-C. Events are only ever appended, so what is new is what lies past the count
 * printed: each poll reads only those.
 */
async function follow(io: CliIo, store: RunStore, runId: string, task: string | undefined, print: (event: RunEvent) => void): Promise<void> {
    const interrupt = interruptSignal();
    let printed = 0;
    try {
        for (;;) {
            const run = store.run(runId)!;
            const fresh = store.events(runId, task, printed);
            fresh.forEach(print);
            printed += fresh.length;
            if (run.status !== 'running' || interrupt.signal.aborted) return;
            if (!run.driver || !driverIsAlive(run.driver)) {
                io.stderr.write(`weft: run ${runId} is not being driven (its process is gone): finish it with \`weft resume ${runId}\`\n`);
                return;
            }
            await new Promise<void>(resolve => {
                const timer = setTimeout(resolve, FOLLOW_INTERVAL_MS);
                interrupt.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
            });
        }
    } finally {
        interrupt.dispose();
    }
}

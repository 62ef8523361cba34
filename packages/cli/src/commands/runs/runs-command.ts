import { Command, Option } from 'commander';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { seconds } from '../run/run-progress.js';
import { runJson } from '../show/run-report.js';
import { runs } from './runs.js';

/** `weft runs [--format text|json]`: the project's runs, newest first. */
export function runsCommand(io: CliIo): Command {
    return new Command('runs')
        .description("list the runs recorded in this project's .weft/runs.db, newest first")
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {runs: […]} on stdout').choices(['text', 'json']).default('text'))
        .action(async (options: { format: 'text' | 'json' }) => {
            const recorded = await runs(io);
            if (options.format === 'json') {
                io.stdout.write(`${JSON.stringify({ runs: recorded.map(runJson) })}\n`);
                return;
            }
            if (recorded.length === 0) io.stderr.write('no runs yet (start one with `weft run <file>`)\n');
            for (const run of recorded) {
                const took = run.finishedAt === undefined ? '' : seconds(run.finishedAt - run.createdAt);
                io.stdout.write(`${run.id}  ${run.status.padEnd(9)}  ${new Date(run.createdAt).toISOString()}  ${took.padStart(7)}  ${visible(run.pipeline)}\n`);
            }
        });
}

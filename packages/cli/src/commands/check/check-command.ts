import { Command, InvalidArgumentError, Option } from 'commander';
import { colorsFor } from '../../colors.js';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { progressOn } from '../../progress.js';
import { check } from './check.js';
import { formatJson } from './format-json.js';
import { formatDiagnosticLine, formatSummary } from './format-text.js';

export type CheckFormat = 'text' | 'json';

export interface CheckCommandOptions {
    readonly format: CheckFormat;
    readonly quiet?: boolean;
    /** The Z3 budget of one constraint check, in milliseconds (`--solver-timeout`). */
    readonly solverTimeout?: number;
}

/** `weft check [paths…] [--format text|json] [--quiet]`. */
export function checkCommand(io: CliIo): Command {
    return new Command('check')
        .description('check Weft files for errors: syntax, names, types, arguments, members, implementations')
        .argument('[paths...]', 'files and folders to check, folders recursively (default: the current folder); imports are followed wherever they lead')
        .addOption(new Option('-f, --format <format>', 'how to print diagnostics').choices(['text', 'json']).default('text'))
        .option('-q, --quiet', 'print errors only, and no summary')
        .option('--solver-timeout <ms>', 'the time budget of one constraint check, in milliseconds (default 2000)', parseMilliseconds)
        .action(async (paths: string[], options: CheckCommandOptions) => runCheck(paths, options, io));
}

/**
 * Runs the check and writes its report: diagnostics on stdout (one line each, or one JSON
 * object), the summary and progress on stderr. Throws an {@link ExitError} when errors were found.
 */
export async function runCheck(paths: readonly string[], options: CheckCommandOptions, io: CliIo): Promise<void> {
    const progress = progressOn(io.stderr, !options.quiet);
    progress.update('checking…');
    let report;
    try {
        report = await check({
            cwd: io.cwd,
            paths,
            solverTimeoutMilliseconds: options.solverTimeout,
            onFilesParsed: count => progress.update(`checking ${count} ${count === 1 ? 'file' : 'files'}…`),
        });
    } finally {
        progress.done();
    }
    const shown = options.quiet ? report.diagnostics.filter(diagnostic => diagnostic.severity === 'error') : report.diagnostics;
    if (options.format === 'json') {
        io.stdout.write(`${formatJson(shown)}\n`);
    } else {
        const colors = colorsFor(io.stdout, io.env);
        if (shown.length > 0) {
            io.stdout.write(shown.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
        }
        if (!options.quiet) {
            io.stderr.write(`${formatSummary(report.diagnostics, report.files.length, colorsFor(io.stderr, io.env))}\n`);
        }
    }
    if (report.diagnostics.some(diagnostic => diagnostic.severity === 'error')) {
        throw new ExitError(ExitCode.ProblemsFound);
    }
}

function parseMilliseconds(value: string): number {
    const milliseconds = Number(value);
    if (!Number.isInteger(milliseconds) || milliseconds <= 0) {
        throw new InvalidArgumentError('expected a positive whole number of milliseconds');
    }
    return milliseconds;
}

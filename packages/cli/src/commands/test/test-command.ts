import { Command, InvalidArgumentError, Option } from 'commander';
import * as path from 'node:path';
import { colorsFor } from '../../colors.js';
import { ExitError, UserError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { formatDiagnosticLine } from '../check/format-text.js';
import { outputFile, writeOutput } from '../graph/output-file.js';
import { formatJson } from './format-json.js';
import { formatJunit } from './format-junit.js';
import { formatTestLine, formatTestSummary } from './format-text.js';
import { runTests } from './test.js';
import { TEST_FILE_SUFFIX } from './test-files.js';

export type TestReporter = 'text' | 'junit' | 'json';

export interface TestCommandOptions {
    readonly reporter: TestReporter;
    readonly out?: string;
    readonly timeout: number;
}

/** A test file that runs longer fails, so a hung step or mock never hangs CI: 10 minutes. */
export const DEFAULT_TEST_TIMEOUT = 600_000;

/** `weft test [paths…] [--reporter text|junit|json] [--out FILE]`. */
export function testCommand(io: CliIo): Command {
    return new Command('test')
        .description(`run pipeline tests (*${TEST_FILE_SUFFIX}) with node:test`)
        .argument('[paths...]', 'test files and folders, folders recursively (default: the current folder)')
        .addOption(new Option('-r, --reporter <reporter>', 'the report: text, or junit or json for CI').choices(['text', 'junit', 'json']).default('text'))
        .option('-o, --out <file>', 'write the junit or json report to this file (the text goes to stdout too)')
        .option('--timeout <ms>', 'how long each test file may run before it fails, in milliseconds (default 600000)', parseTimeout, DEFAULT_TEST_TIMEOUT)
        .action(async (paths: string[], options: TestCommandOptions) => runTestCommand(paths, options, io));
}

/**
 * Runs the tests and reports them: each test on stdout as it ends (text, or with `--out`), the
 * junit or json report on stdout or in `--out`, the summary on stderr. Exit code 1 when a test
 * failed, 2 when the `.weft` files or the test files have errors (nothing ran).
 */
export async function runTestCommand(paths: readonly string[], options: TestCommandOptions, io: CliIo): Promise<void> {
    if (options.out !== undefined && options.reporter === 'text') throw new UserError('--out writes a report: give --reporter junit or --reporter json with it');
    const target = options.out === undefined ? undefined : outputFile(io.cwd, options.out);
    const streaming = options.reporter === 'text' || target !== undefined;
    const colors = colorsFor(io.stdout, io.env);
    const outcome = await runTests({
        cwd: io.cwd, paths, timeout: options.timeout,
        onOutput: text => io.stderr.write(text),
        ...(streaming ? { onResult: result => io.stdout.write(formatTestLine(result, colors)) } : {}),
    });
    if (!outcome.ran) {
        const lines = [
            ...outcome.diagnostics.map(diagnostic => formatDiagnosticLine(diagnostic, colors)),
            ...outcome.fileErrors.map(error => `${[error.file, error.line, error.column].filter(part => part !== undefined).join(':')}: error: ${error.message}`),
        ];
        io.stdout.write(lines.map(line => `${line}\n`).join(''));
        io.stderr.write(`not tested: ${lines.length} ${lines.length === 1 ? 'error' : 'errors'}\n`);
        throw new ExitError(ExitCode.UsageError);
    }
    if (options.reporter !== 'text') {
        const report = options.reporter === 'junit' ? formatJunit(outcome.report) : formatJson(outcome.report);
        if (target === undefined) io.stdout.write(report);
        else await writeOutput(target, options.out!, report);
    }
    io.stderr.write(formatTestSummary(outcome.report, colorsFor(io.stderr, io.env)));
    if (target !== undefined) io.stderr.write(`wrote ${path.relative(io.cwd, target) || target}\n`);
    if (outcome.report.tests.some(test => test.status === 'failed')) throw new ExitError(ExitCode.ProblemsFound);
}

function parseTimeout(value: string): number {
    const milliseconds = Number(value);
    if (!Number.isSafeInteger(milliseconds) || milliseconds <= 0) throw new InvalidArgumentError('expected a whole number of milliseconds greater than 0');
    return milliseconds;
}

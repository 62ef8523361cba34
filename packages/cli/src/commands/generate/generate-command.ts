import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { colorsFor } from '../../colors.js';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { jsonDiagnostic } from '../check/format-json.js';
import { formatDiagnosticLine } from '../check/format-text.js';
import { generate, type GenerateReport } from './generate.js';
import { parseGenerationLanguages } from './generation-languages.js';
import { watchWeftFiles } from './watch.js';

export interface GenerateCommandOptions {
    readonly out: string;
    /** `json`: one object per generation on stdout, nothing on stderr (but `--watch`'s own notice). */
    readonly format?: 'text' | 'json';
    readonly root?: string;
    readonly watch?: boolean;
    /** `typescript` (the default), `python`, or `typescript,python`. */
    readonly lang?: string;
}

/** `weft generate [paths…] --out <dir> [--lang typescript|python|typescript,python] [--root <dir>] [--watch] [--format text|json]`. */
export function generateCommand(io: CliIo, signal?: AbortSignal): Command {
    return new Command('generate')
        .description('generate TypeScript contracts, pipeline definitions and compiled plans (or Python contracts) from Weft files')
        .argument('[paths...]', 'files and folders to generate (default: the current folder); imports are followed')
        .requiredOption('-o, --out <dir>', 'the folder to write the generated files into')
        .option('--lang <languages>', 'typescript (contracts, definitions, plans), python (contracts for mypy), or both as typescript,python', 'typescript')
        .option('--root <dir>', 'the folder that source paths are relative to (default: the folder given, or the common folder of the files)')
        .option('-w, --watch', 'generate again whenever a .weft file changes')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {diagnostics, written, unchanged} on stdout').choices(['text', 'json']).default('text'))
        .action(async (paths: string[], options: GenerateCommandOptions) => runGenerate(paths, options, io, signal));
}

/**
 * Generates and reports: diagnostics on stdout when errors stop generation (exit 1), a summary on
 * stderr otherwise. With `--watch`, keeps generating on every change until `signal` aborts.
 */
export async function runGenerate(paths: readonly string[], options: GenerateCommandOptions, io: CliIo, signal?: AbortSignal): Promise<void> {
    const languages = parseGenerationLanguages(options.lang ?? 'typescript');
    const once = async (): Promise<GenerateReport> => {
        const report = await generate({
            cwd: io.cwd, paths, out: options.out, missingImplementations: 'warning', languages, ...(options.root === undefined ? {} : { root: options.root }),
        });
        if (options.format === 'json') writeJsonReport(report, io);
        else writeReport(report, io);
        return report;
    };
    if (!options.watch) {
        const report = await once();
        if (report.diagnostics.some(diagnostic => diagnostic.severity === 'error')) throw new ExitError(ExitCode.ProblemsFound);
        return;
    }
    await once().catch(error => io.stderr.write(`weft: ${error instanceof Error ? error.message : String(error)}\n`));
    const stop = signal ?? processSignal();
    const folders = await watchedFolders(paths.length > 0 ? paths : ['.'], io.cwd);
    io.stderr.write(`watching ${folders.map(folder => path.relative(io.cwd, folder) || '.').join(', ')} for changes (Ctrl-C to stop)\n`);
    await watchWeftFiles(folders, async () => {
        await once().catch(error => io.stderr.write(`weft: ${error instanceof Error ? error.message : String(error)}\n`));
    }, stop);
}

function writeReport(report: GenerateReport, io: CliIo): void {
    const errors = report.diagnostics.filter(diagnostic => diagnostic.severity === 'error');
    if (errors.length > 0) {
        const colors = colorsFor(io.stdout, io.env);
        io.stdout.write(report.diagnostics.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
        io.stderr.write(`not generated: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}\n`);
        return;
    }
    // Warnings (a step not implemented yet, among others) are shown as `weft check` shows them.
    const warnings = report.diagnostics.filter(diagnostic => diagnostic.severity === 'warning');
    const colors = colorsFor(io.stdout, io.env);
    io.stdout.write(warnings.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
    const total = report.written.length + report.unchanged.length;
    const warned = warnings.length === 0 ? '' : `; ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}`;
    io.stderr.write(`generated ${total} ${total === 1 ? 'file' : 'files'} (${report.written.length} changed)${warned}\n`);
}

/** `{"diagnostics":[…],"written":[…],"unchanged":[…]}` on one line: the diagnostics as `weft check --format json` has them. */
function writeJsonReport(report: GenerateReport, io: CliIo): void {
    const diagnostics = report.diagnostics.map(jsonDiagnostic);
    io.stdout.write(`${JSON.stringify({ diagnostics, written: report.written, unchanged: report.unchanged })}\n`);
}

async function watchedFolders(paths: readonly string[], cwd: string): Promise<string[]> {
    const folders = new Set<string>();
    for (const given of paths) {
        const absolute = path.resolve(cwd, given);
        const stat = await fs.stat(absolute).catch(() => undefined);
        folders.add(stat?.isDirectory() ? absolute : path.dirname(absolute));
    }
    return [...folders].sort();
}

/** Aborts on Ctrl-C or SIGTERM. */
function processSignal(): AbortSignal {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return controller.signal;
}

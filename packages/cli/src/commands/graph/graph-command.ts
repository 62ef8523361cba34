import { Command, Option } from 'commander';
import { colorsFor } from '../../colors.js';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { formatDiagnosticLine } from '../check/format-text.js';
import { graph, type GraphFormat } from './graph.js';
import { outputFile, writeOutput } from './output-file.js';

export interface GraphCommandOptions {
    readonly pipeline?: string;
    readonly format: GraphFormat;
    readonly out?: string;
}

/** `weft graph <file> [--pipeline P] [--format mermaid|dot|svg] [--out f]`. */
export function graphCommand(io: CliIo): Command {
    return new Command('graph')
        .description("draw a pipeline's DAG: steps with their resources, typed data edges, dashed `after` edges, `when`, `for` and `on failure`")
        .argument('<file>', 'the .weft file that declares the pipeline')
        .option('-p, --pipeline <name>', 'the pipeline to draw (needed when the file declares several)')
        .addOption(new Option('-f, --format <format>', 'what to draw').choices(['mermaid', 'dot', 'svg']).default('mermaid'))
        .option('-o, --out <file>', 'write to this file instead of stdout (its folder must exist)')
        .action(async (file: string, options: GraphCommandOptions) => runGraph(file, options, io));
}

export async function runGraph(file: string, options: GraphCommandOptions, io: CliIo): Promise<void> {
    // A bad --out is reported before the drawing, which may take seconds.
    const target = options.out === undefined ? undefined : outputFile(io.cwd, options.out);
    const result = await graph({ cwd: io.cwd, file, format: options.format, ...(options.pipeline === undefined ? {} : { pipeline: options.pipeline }) });
    if (result.kind === 'errors') {
        const colors = colorsFor(io.stdout, io.env);
        io.stdout.write(result.diagnostics.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
        throw new ExitError(ExitCode.ProblemsFound);
    }
    if (target === undefined) {
        io.stdout.write(result.text);
        return;
    }
    await writeOutput(target, options.out!, result.text);
}

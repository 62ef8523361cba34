import { Command, Option } from 'commander';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { executorKinds } from './executor-for.js';
import { type RunCommandOptions, runFile } from './run.js';
import { interruptSignal } from './interrupt.js';

/** `weft run <file> [--pipeline P] [--target T] [--param k=v …] [--format text|json] [--explain-cache]`. */
export function runCommand(io: CliIo, signal?: AbortSignal): Command {
    return new Command('run')
        .description('check, generate and run a pipeline; exit 0 when it completed, 1 when it failed or was cancelled')
        .argument('<file>', 'the .weft file that declares the pipeline')
        .option('-p, --pipeline <name>', 'the pipeline to run (needed when the file declares several)')
        .option('-t, --target <name>', "the target to run on (default: the pipeline's first); repeat it to spread a run over several kubernetes targets", collect, [])
        .option('--param <name=value>', 'a pipeline parameter (repeatable), read by its declared type: 3, 0.5, true, text, 30s, 512Mi, JSON lists and records, paths or artifact names for datasets, models and files', collect, [])
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {runId, status, outputs} last on stdout').choices(['text', 'json']).default('text'))
        .option('--explain-cache', 'say for each task why the cache hit or missed')
        .option('--otlp <url>', 'export a span per run, task and attempt over OTLP/HTTP to this collector (e.g. http://localhost:4318); wins over OTEL_EXPORTER_OTLP_ENDPOINT')
        .addOption(new Option('--executor <kind>', "run steps with this executor instead of the target's runtime").choices([...executorKinds]))
        .action(async (file: string, options: RunCommandOptions) => {
            const interrupt = signal ? { signal, dispose: () => undefined } : interruptSignal();
            try {
                const outcome = await runFile(file, options, io, interrupt.signal);
                if (outcome.status !== 'completed') throw new ExitError(ExitCode.ProblemsFound);
            } finally {
                interrupt.dispose();
            }
        });
}

function collect(value: string, previous: readonly string[]): string[] {
    return [...previous, value];
}

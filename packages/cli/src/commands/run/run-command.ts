import { Command } from 'commander';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { type RunCommandOptions, runFile } from './run.js';
import { interruptSignal } from './interrupt.js';
import { addRunOptions } from './run-options.js';

/** `weft run <file> [--pipeline P] [--target T] [--param k=v …] [--format text|json] [--explain-cache]`. */
export function runCommand(io: CliIo, signal?: AbortSignal): Command {
    const command = new Command('run')
        .description('check, generate and run a pipeline; exit 0 when it completed, 1 when it failed or was cancelled')
        .argument('<file>', 'the .weft file that declares the pipeline')
        .option('-p, --pipeline <name>', 'the pipeline to run (needed when the file declares several)');
    return addRunOptions(command)
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

import type { Command } from 'commander';
import { oneLine } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Makes `command` throw instead of exiting, and write to `io` with one-line errors
 * ("weft: unknown option '--frmat' (Did you mean --format?)"); main.ts decides the exit code.
 */
export function throwingCommand(command: Command, io: CliIo): Command {
    return command
        .exitOverride()
        .configureOutput({
            writeOut: text => io.stdout.write(text),
            writeErr: text => io.stderr.write(text),
            outputError: (text, write) => write(`weft: ${oneLine(text.replace(/^error: /, ''))}\n`),
        });
}

import { ExitCode, reportEnding } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs `weft` with `args` (without `node` and the script) and returns the exit code. It never
 * exits the process itself: bin/weft.js does, after the output is flushed.
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
    try {
        await (await createProgram(io, args)).parseAsync([...args], { from: 'user' });
        return ExitCode.Success;
    } catch (error) {
        return reportEnding(error, io);
    }
}

import * as path from 'node:path';
import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { buildArtifact, type BuildOptions } from './build.js';

/** `weft build <file> --out DIR [--pipeline P] [--target T]`. */
export function buildCommand(io: CliIo): Command {
    return new Command('build')
        .description('check a pipeline and write a self-contained artifact that runs it with Node.js alone: DIR/<pipeline> --param k=v …')
        .argument('<file>', 'the .weft file that declares the pipeline')
        .requiredOption('-o, --out <folder>', 'the folder to write the artifact to (new, empty, or an earlier artifact)')
        .option('-p, --pipeline <name>', 'the pipeline to build (needed when the file declares several)')
        .option('-t, --target <name>', "the target the artifact runs on when its launcher gets no --target (default: the pipeline's first)")
        .action(async (file: string, options: BuildOptions) => {
            const built = await buildArtifact(file, options, io);
            const megabytes = (built.bytes / 2 ** 20).toFixed(1);
            io.stdout.write(`built ${path.relative(io.cwd, built.launcher)}: ${built.steps} step ${built.steps === 1 ? 'bundle' : 'bundles'}, ${megabytes} MB; run it with Node.js 22.19 or newer\n`);
        });
}

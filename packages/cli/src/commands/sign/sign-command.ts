import { Command } from 'commander';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { signFile } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { privateKeyFor } from './read-key.js';

/** `weft sign FILE… --key PRIVATE`: writes FILE.sig beside each file. */
export function signCommand(io: CliIo): Command {
    return new Command('sign')
        .description('sign files with an Ed25519 private key: writes FILE.sig beside each (docs/security.md)')
        .argument('<files...>', 'the files to sign (model weights, datasets, …)')
        .requiredOption('-k, --key <key>', 'the private key: a path, or env:NAME for an environment variable holding it')
        .action(async (files: string[], options: { key: string }) => {
            const key = privateKeyFor(options.key, io);
            const paths = files.map(file => path.resolve(io.cwd, file));
            // Check every file first, so that a typo signs nothing.
            for (const [index, file] of paths.entries()) {
                const info = statOrUndefined(file);
                if (!info?.isFile()) throw new UserError(`cannot sign ${files[index]}: ${info ? 'it is not a file' : 'no such file'}`);
            }
            for (const [index, file] of paths.entries()) {
                const { signatureFile, manifest } = await signFile(file, key);
                io.stdout.write(`signed ${files[index]} (${manifest.size} bytes) → ${path.relative(io.cwd, signatureFile)}\n`);
            }
        });
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
    try {
        return statSync(file);
    } catch {
        return undefined;
    }
}

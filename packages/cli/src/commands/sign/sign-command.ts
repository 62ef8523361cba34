import { Command, Option } from 'commander';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { signFile } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { privateKeyFor } from './read-key.js';

/** `weft sign FILE… --key PRIVATE [--format text|json]`: writes FILE.sig beside each file. */
export function signCommand(io: CliIo): Command {
    return new Command('sign')
        .description('sign files with an Ed25519 private key: writes FILE.sig beside each (docs/security.md)')
        .argument('<files...>', 'the files to sign (model weights, datasets, …)')
        .requiredOption('-k, --key <key>', 'the private key: a path, or env:NAME for an environment variable holding it')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {files: […]} on stdout').choices(['text', 'json']).default('text'))
        .action(async (files: string[], options: { key: string; format: 'text' | 'json' }) => {
            const key = privateKeyFor(options.key, io);
            const paths = files.map(file => path.resolve(io.cwd, file));
            // Check every file first, so that a typo signs nothing.
            for (const [index, file] of paths.entries()) {
                const info = statOrUndefined(file);
                if (!info?.isFile()) throw new UserError(`cannot sign ${files[index]}: ${info ? 'it is not a file' : 'no such file'}`);
            }
            const signed: { file: string; size: number; signature: string }[] = [];
            for (const [index, file] of paths.entries()) {
                const { signatureFile, manifest } = await signFile(file, key);
                const entry = { file: files[index]!, size: manifest.size, signature: path.relative(io.cwd, signatureFile) };
                signed.push(entry);
                if (options.format === 'text') io.stdout.write(`signed ${entry.file} (${entry.size} bytes) → ${entry.signature}\n`);
            }
            if (options.format === 'json') io.stdout.write(`${JSON.stringify({ files: signed })}\n`);
        });
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
    try {
        return statSync(file);
    } catch {
        return undefined;
    }
}

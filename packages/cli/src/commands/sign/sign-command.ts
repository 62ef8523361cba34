import { Command, Option } from 'commander';
import type { CliIo } from '../../io.js';
import { sign } from './sign.js';

/** `weft sign FILE… --key PRIVATE [--format text|json]`: writes FILE.sig beside each file. */
export function signCommand(io: CliIo): Command {
    return new Command('sign')
        .description('sign files with an Ed25519 private key: writes FILE.sig beside each (docs/security.md)')
        .argument('<files...>', 'the files to sign (model weights, datasets, …)')
        .requiredOption('-k, --key <key>', 'the private key: a path, or env:NAME for an environment variable holding it')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {files: […]} on stdout').choices(['text', 'json']).default('text'))
        .action(async (files: string[], options: { key: string; format: 'text' | 'json' }) => {
            const json = options.format === 'json';
            const signed = await sign({
                files, key: options.key,
                // Each line as soon as its file is signed: large files take a while.
                ...(json ? {} : { onSigned: entry => io.stdout.write(`signed ${entry.file} (${entry.size} bytes) → ${entry.signature}\n`) }),
            }, io);
            if (json) io.stdout.write(`${JSON.stringify({ files: signed })}\n`);
        });
}

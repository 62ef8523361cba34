import { Command, Option } from 'commander';
import { short } from '@weft/runtime';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { verify, type VerifiedFile } from './verify.js';

/** `weft verify FILE… --key PUBLIC [--format text|json]`: one line per file (or one JSON object) on stdout; exit 1 when any fails. */
export function verifyCommand(io: CliIo): Command {
    return new Command('verify')
        .description('check files against their FILE.sig and an Ed25519 public key; exit 1 if any fails')
        .argument('<files...>', 'the signed files')
        .requiredOption('-k, --key <key>', 'the public key: a path, or env:NAME for an environment variable holding it')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {files: […]} on stdout').choices(['text', 'json']).default('text'))
        .action(async (files: string[], options: { key: string; format: 'text' | 'json' }) => {
            const json = options.format === 'json';
            // Each line as soon as its file is checked: large files take a while.
            const results = await verify({ files, key: options.key, ...(json ? {} : { onVerified: result => io.stdout.write(`${describe(result)}\n`) }) }, io);
            if (json) io.stdout.write(`${JSON.stringify({ files: results })}\n`);
            const failed = results.filter(result => !result.verified).length;
            if (failed > 0) {
                if (!json) io.stderr.write(`${failed} of ${files.length} ${files.length === 1 ? 'file' : 'files'} failed verification\n`);
                throw new ExitError(ExitCode.ProblemsFound);
            }
        });
}

function describe(result: VerifiedFile): string {
    return result.verified
        ? `${result.file}: verified (${result.size} bytes, key ${short(result.key)})`
        : `${result.file}: not verified [${result.failure}]: ${result.reason}`;
}

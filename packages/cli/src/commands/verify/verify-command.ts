import { Command, Option } from 'commander';
import * as path from 'node:path';
import { FileDigests, short, verifyFile } from '@weft/runtime';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { publicKeyFor } from '../sign/read-key.js';

/** One file's result, as `--format json` prints it. */
type VerifiedFile =
    | { readonly file: string; readonly verified: true; readonly size: number; readonly key: string }
    | { readonly file: string; readonly verified: false; readonly failure: string; readonly reason: string };

/** `weft verify FILE… --key PUBLIC [--format text|json]`: one line per file (or one JSON object) on stdout; exit 1 when any fails. */
export function verifyCommand(io: CliIo): Command {
    return new Command('verify')
        .description('check files against their FILE.sig and an Ed25519 public key; exit 1 if any fails')
        .argument('<files...>', 'the signed files')
        .requiredOption('-k, --key <key>', 'the public key: a path, or env:NAME for an environment variable holding it')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {files: […]} on stdout').choices(['text', 'json']).default('text'))
        .action(async (files: string[], options: { key: string; format: 'text' | 'json' }) => {
            const key = publicKeyFor(options.key, io);
            const digests = new FileDigests();
            const results: VerifiedFile[] = [];
            for (const file of files) {
                const verification = await verifyFile(path.resolve(io.cwd, file), key, digests);
                const result: VerifiedFile = verification.ok
                    ? { file, verified: true, size: verification.manifest.size, key: key.id }
                    : { file, verified: false, failure: verification.failure, reason: verification.reason };
                results.push(result);
                if (options.format === 'text') io.stdout.write(`${describe(result)}\n`);
            }
            if (options.format === 'json') io.stdout.write(`${JSON.stringify({ files: results })}\n`);
            const failed = results.filter(result => !result.verified).length;
            if (failed > 0) {
                if (options.format === 'text') io.stderr.write(`${failed} of ${files.length} ${files.length === 1 ? 'file' : 'files'} failed verification\n`);
                throw new ExitError(ExitCode.ProblemsFound);
            }
        });
}

function describe(result: VerifiedFile): string {
    return result.verified
        ? `${result.file}: verified (${result.size} bytes, key ${short(result.key)})`
        : `${result.file}: not verified [${result.failure}]: ${result.reason}`;
}

import { Command } from 'commander';
import * as path from 'node:path';
import { FileDigests, short, verifyFile } from '@weft/runtime';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { publicKeyFor } from '../sign/read-key.js';

/** `weft verify FILE… --key PUBLIC`: one line per file on stdout; exit 1 when any fails. */
export function verifyCommand(io: CliIo): Command {
    return new Command('verify')
        .description('check files against their FILE.sig and an Ed25519 public key; exit 1 if any fails')
        .argument('<files...>', 'the signed files')
        .requiredOption('-k, --key <key>', 'the public key: a path, or env:NAME for an environment variable holding it')
        .action(async (files: string[], options: { key: string }) => {
            const key = publicKeyFor(options.key, io);
            const digests = new FileDigests();
            let failed = 0;
            for (const file of files) {
                const verification = await verifyFile(path.resolve(io.cwd, file), key, digests);
                if (verification.ok) {
                    io.stdout.write(`${file}: verified (${verification.manifest.size} bytes, key ${short(key.id)})\n`);
                } else {
                    failed++;
                    io.stdout.write(`${file}: not verified [${verification.failure}]: ${verification.reason}\n`);
                }
            }
            if (failed > 0) {
                io.stderr.write(`${failed} of ${files.length} ${files.length === 1 ? 'file' : 'files'} failed verification\n`);
                throw new ExitError(ExitCode.ProblemsFound);
            }
        });
}

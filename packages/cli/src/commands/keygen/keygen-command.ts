import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { generateKeyPair, parsePublicKey } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';

/** `weft keygen --out NAME [--format text|json]`: writes NAME.key (private, mode 0600) and NAME.pub; never overwrites either. */
export function keygenCommand(io: CliIo): Command {
    return new Command('keygen')
        .description('write a new Ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub (public)')
        .requiredOption('-o, --out <name>', 'the path and name of the two files, without extension (e.g. keys/acme)')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {privateKey, publicKey, keyId} on stdout').choices(['text', 'json']).default('text'))
        .action(async (options: { out: string; format: 'text' | 'json' }) => {
            const base = path.resolve(io.cwd, options.out);
            const privateFile = `${base}.key`;
            const publicFile = `${base}.pub`;
            const existing = [privateFile, publicFile].filter(file => existsSync(file));
            if (existing.length > 0) throw new UserError(`not overwriting ${existing.map(file => path.relative(io.cwd, file)).join(' and ')}; remove ${existing.length === 1 ? 'it' : 'them'} or choose another --out`);
            if (!existsSync(path.dirname(base))) throw new UserError(`cannot write ${options.out}: the folder ${path.relative(io.cwd, path.dirname(base)) || '.'} does not exist`);
            const pair = generateKeyPair();
            // 'wx' refuses a file that appeared meanwhile; the private key is never readable by others.
            await writeFile(privateFile, pair.privatePem, { mode: 0o600, flag: 'wx' });
            try {
                await writeFile(publicFile, pair.publicPem, { mode: 0o644, flag: 'wx' });
            } catch (error) {
                await rm(privateFile, { force: true });
                throw error;
            }
            const id = parsePublicKey(pair.publicPem, publicFile).id;
            const [privateKey, publicKey] = [path.relative(io.cwd, privateFile), path.relative(io.cwd, publicFile)];
            io.stdout.write(options.format === 'json'
                ? `${JSON.stringify({ privateKey, publicKey, keyId: id })}\n`
                : `wrote ${privateKey} (private, keep it secret) and ${publicKey} (public)\nkey id ${id}\n`);
        });
}

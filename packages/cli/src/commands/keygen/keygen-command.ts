import { Command, Option } from 'commander';
import type { CliIo } from '../../io.js';
import { keygen } from './keygen.js';

/** `weft keygen --out NAME [--format text|json]`. */
export function keygenCommand(io: CliIo): Command {
    return new Command('keygen')
        .description('write a new Ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub (public)')
        .requiredOption('-o, --out <name>', 'the path and name of the two files, without extension (e.g. keys/acme)')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {privateKey, publicKey, keyId} on stdout').choices(['text', 'json']).default('text'))
        .action(async (options: { out: string; format: 'text' | 'json' }) => {
            const files = await keygen({ out: options.out }, io);
            io.stdout.write(options.format === 'json'
                ? `${JSON.stringify(files)}\n`
                : `wrote ${files.privateKey} (private, keep it secret) and ${files.publicKey} (public)\nkey id ${files.keyId}\n`);
        });
}

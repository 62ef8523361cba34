import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { generateKeyPair, parsePublicKey } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';

export interface KeygenOptions {
    /** The path and name of the two files, without extension, relative to the working folder. */
    readonly out: string;
}

/** The key pair written: both files relative to the working folder, and the key's id. */
export interface KeyPairFiles {
    readonly privateKey: string;
    readonly publicKey: string;
    readonly keyId: string;
}

/**
 * Writes a new Ed25519 key pair: `<out>.key` (private, mode 0600) and `<out>.pub` (public).
 * Never overwrites either: throws a {@link UserError} when one exists or the folder is missing.
 */
export async function keygen(options: KeygenOptions, io: CliIo): Promise<KeyPairFiles> {
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
    return { privateKey: path.relative(io.cwd, privateFile), publicKey: path.relative(io.cwd, publicFile), keyId: parsePublicKey(pair.publicPem, publicFile).id };
}

import { statSync } from 'node:fs';
import * as path from 'node:path';
import { signFile } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { privateKeyFor } from './read-key.js';

export interface SignOptions {
    /** The files to sign, relative to the working folder. */
    readonly files: readonly string[];
    /** The private key: a path, or `env:NAME` for an environment variable holding it. */
    readonly key: string;
    /** Told of each file once it is signed. */
    readonly onSigned?: (file: SignedFile) => void;
}

/** One signed file: as given, its size, and its signature file relative to the working folder. */
export interface SignedFile {
    readonly file: string;
    readonly size: number;
    readonly signature: string;
}

/**
 * Signs each file with the private key, writing `FILE.sig` beside it. Every file is checked
 * first, so that a typo signs nothing: throws a {@link UserError} for a missing file or a
 * folder, and for an unusable key.
 */
export async function sign(options: SignOptions, io: CliIo): Promise<readonly SignedFile[]> {
    const key = privateKeyFor(options.key, io);
    const paths = options.files.map(file => path.resolve(io.cwd, file));
    for (const [index, file] of paths.entries()) {
        const info = statOrUndefined(file);
        if (!info?.isFile()) throw new UserError(`cannot sign ${options.files[index]}: ${info ? 'it is not a file' : 'no such file'}`);
    }
    const signed: SignedFile[] = [];
    for (const [index, file] of paths.entries()) {
        const { signatureFile, manifest } = await signFile(file, key);
        const entry = { file: options.files[index]!, size: manifest.size, signature: path.relative(io.cwd, signatureFile) };
        signed.push(entry);
        options.onSigned?.(entry);
    }
    return signed;
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
    try {
        return statSync(file);
    } catch {
        return undefined;
    }
}

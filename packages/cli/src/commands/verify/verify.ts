import * as path from 'node:path';
import { FileDigests, verifyFile } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { publicKeyFor } from '../sign/read-key.js';

export interface VerifyOptions {
    /** The signed files, relative to the working folder. */
    readonly files: readonly string[];
    /** The public key: a path, or `env:NAME` for an environment variable holding it. */
    readonly key: string;
    /** Told of each file once it is checked. */
    readonly onVerified?: (file: VerifiedFile) => void;
}

/** One file's result, as `--format json` prints it. */
export type VerifiedFile =
    | { readonly file: string; readonly verified: true; readonly size: number; readonly key: string }
    | { readonly file: string; readonly verified: false; readonly failure: string; readonly reason: string };

/**
 * Checks each file against its `FILE.sig` and the public key. A file that fails is a result,
 * not an error; throws a {@link UserError} for an unusable key.
 */
export async function verify(options: VerifyOptions, io: CliIo): Promise<readonly VerifiedFile[]> {
    const key = publicKeyFor(options.key, io);
    const digests = new FileDigests();
    const results: VerifiedFile[] = [];
    for (const file of options.files) {
        const verification = await verifyFile(path.resolve(io.cwd, file), key, digests);
        const result: VerifiedFile = verification.ok
            ? { file, verified: true, size: verification.manifest.size, key: key.id }
            : { file, verified: false, failure: verification.failure, reason: verification.reason };
        results.push(result);
        options.onVerified?.(result);
    }
    return results;
}

import { rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import nacl from 'tweetnacl';
import { type FileDigests, hashFile } from './file-digests.js';
import type { PrivateKey } from './keys.js';
import { formatSignatureFile, type Manifest, manifestBytes } from './signature-file.js';

/** Where a file's signature is kept: beside it, with `.sig` appended. */
export function signaturePathOf(file: string): string {
    return `${file}.sig`;
}

/** The manifest of `file` as it is now (streamed: constant memory whatever its size). */
export async function manifestOf(file: string, digests?: FileDigests): Promise<Manifest> {
    const digest = digests ? await digests.of(file, ['sha512']) : await hashFile(file, ['sha512']);
    return { name: path.basename(file), size: digest.size, sha512: digest.sha512! };
}

/** Signs `file` with `key` and writes `<file>.sig` (replacing an older one atomically). */
export async function signFile(file: string, key: PrivateKey): Promise<{ readonly signatureFile: string; readonly manifest: Manifest }> {
    const manifest = await manifestOf(file);
    const signature = nacl.sign.detached(manifestBytes(manifest), key.secretKey);
    const signatureFile = signaturePathOf(file);
    const temporary = `${signatureFile}.${process.pid}.partial`;
    await writeFile(temporary, formatSignatureFile(manifest, key.publicKey.id, signature), 'utf8');
    await rename(temporary, signatureFile);
    return { signatureFile, manifest };
}

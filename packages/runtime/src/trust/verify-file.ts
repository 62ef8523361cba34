import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import nacl from 'tweetnacl';
import type { FileDigests } from './file-digests.js';
import type { PublicKey } from './keys.js';
import { FileTooLargeError, NotARegularFileError, readRegularFile } from './regular-files.js';
import { manifestOf, signaturePathOf } from './sign-file.js';
import { MalformedSignatureError, type Manifest, parseSignatureFile } from './signature-file.js';

/** Why a file did not verify; stable names that tests and tools may rely on. */
export const VerificationFailure = {
    /** The file itself cannot be read. */
    MissingFile: 'missing-file',
    MissingSignature: 'missing-signature',
    MalformedSignature: 'malformed-signature',
    /** The signature names another signer's key. */
    WrongKey: 'wrong-key',
    /** The signature does not verify against the manifest it carries: the .sig was edited or forged. */
    BadSignature: 'bad-signature',
    /** A valid signature of another file (a swapped .sig). */
    OtherFile: 'other-file',
    /** The file's size differs from the signed size (truncated or extended). */
    SizeChanged: 'size-changed',
    /** Same size, different bytes. */
    ContentChanged: 'content-changed',
} as const;
export type VerificationFailure = (typeof VerificationFailure)[keyof typeof VerificationFailure];

/** A `.sig` is six short lines (about 400 bytes): anything much larger is not one. */
const MAX_SIGNATURE_BYTES = 64 * 1024;

export type Verification =
    | { readonly ok: true; readonly manifest: Manifest; readonly keyId: string }
    | { readonly ok: false; readonly failure: VerificationFailure; readonly reason: string };

/**
 * Checks `file` against `<file>.sig` and `key`: first that the signature is the key's and
 * covers the manifest it carries, then that the manifest describes this file (name, size,
 * then the streamed SHA-512). `digests` lets a caller share hashing across checks.
 */
export async function verifyFile(file: string, key: PublicKey, digests?: FileDigests): Promise<Verification> {
    const fail = (failure: VerificationFailure, reason: string): Verification => ({ ok: false, failure, reason });
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return fail(VerificationFailure.MissingFile, info ? 'the path is not a file' : 'the file does not exist');
    const signaturePath = signaturePathOf(file);
    let text: string;
    try {
        text = (await readRegularFile(signaturePath, MAX_SIGNATURE_BYTES)).toString('utf8');
    } catch (error) {
        // A FIFO would block the read forever, a device never end: refused before reading.
        const name = path.basename(signaturePath);
        if (error instanceof NotARegularFileError) return fail(VerificationFailure.MalformedSignature, `the signature ${name} is ${error.kind}, not a regular file`);
        if (error instanceof FileTooLargeError) return fail(VerificationFailure.MalformedSignature, `the signature ${name} is larger than ${MAX_SIGNATURE_BYTES / 1024} KiB`);
        return fail(VerificationFailure.MissingSignature, `there is no signature (${name} is missing)`);
    }
    let signed;
    try {
        signed = parseSignatureFile(text);
    } catch (error) {
        if (!(error instanceof MalformedSignatureError)) throw error;
        return fail(VerificationFailure.MalformedSignature, `the signature ${path.basename(signaturePath)} is malformed: ${error.message}`);
    }
    if (signed.keyId !== key.id) {
        return fail(VerificationFailure.WrongKey, `the signature is by another key (${short(signed.keyId)}), not by ${key.source} (${short(key.id)})`);
    }
    if (!nacl.sign.detached.verify(signed.manifestBytes, signed.signature, key.bytes)) {
        return fail(VerificationFailure.BadSignature, `the signature ${path.basename(signaturePath)} does not verify with ${key.source}: it was altered or forged`);
    }
    const { manifest } = signed;
    if (manifest.name !== path.basename(file)) return fail(VerificationFailure.OtherFile, `the signature is for another file, ${manifest.name}`);
    if (manifest.size !== info.size) {
        return fail(VerificationFailure.SizeChanged, `the file is ${info.size} bytes but ${manifest.size} bytes were signed (${info.size < manifest.size ? 'truncated' : 'extended'})`);
    }
    const actual = await manifestOf(file, digests);
    if (actual.sha512 !== manifest.sha512 || actual.size !== manifest.size) return fail(VerificationFailure.ContentChanged, `the file's content differs from what was signed (sha512 ${short(actual.sha512)}, signed ${short(manifest.sha512)}): it was modified`);
    return { ok: true, manifest, keyId: key.id };
}

/** The first 16 hex digits, enough to tell keys and digests apart in a message. */
export function short(hex: string): string {
    return hex.slice(0, 16);
}

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import nacl from 'tweetnacl';
import { WeftError } from '@weft/contract/errors';
import { FileTooLargeError, NotARegularFileError, readRegularFileSync } from './regular-files.js';

/**
 * Ed25519 keys in the PEM files OpenSSL writes (`openssl genpkey -algorithm ed25519`): a public
 * key is SubjectPublicKeyInfo DER (a fixed 12-byte prefix and the 32-byte key), a private key is
 * PKCS #8 DER (a fixed 16-byte prefix and the 32-byte seed). docs/security.md lists the bytes.
 */
const publicPrefix = Buffer.from('302a300506032b6570032100', 'hex');
const privatePrefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A PEM key is about 120 bytes: a key file is read only up to this size. */
const MAX_KEY_BYTES = 64 * 1024;

export interface PublicKey {
    readonly bytes: Uint8Array;
    /** Hex sha256 of the 32 key bytes: names the key in signature files and messages. */
    readonly id: string;
    /** Where the key came from: a path or `env:NAME`. */
    readonly source: string;
}

export interface PrivateKey {
    /** tweetnacl's 64-byte secret key (seed, then public key). */
    readonly secretKey: Uint8Array;
    readonly publicKey: PublicKey;
}

/** A key that cannot be read or is not an Ed25519 key in the expected format. */
export class KeyError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'key';

    constructor(readonly source: string, reason: string, options?: ErrorOptions) {
        super(`key ${source}: ${reason}`, options);
        this.name = 'KeyError';
    }
}

export function keyId(publicKey: Uint8Array): string {
    return createHash('sha256').update(publicKey).digest('hex');
}

/** A fresh key pair as the two PEM texts. */
export function generateKeyPair(): { readonly privatePem: string; readonly publicPem: string } {
    const pair = nacl.sign.keyPair();
    return { privatePem: pem('PRIVATE KEY', privatePrefix, pair.secretKey.subarray(0, 32)), publicPem: pem('PUBLIC KEY', publicPrefix, pair.publicKey) };
}

/**
 * The text of a key given as a path (relative to `baseDir`) or as `env:NAME`, an environment
 * variable holding the PEM text itself.
 */
function readKeyText(spec: string, baseDir: string, env: Readonly<Record<string, string | undefined>> = process.env): { text: string; source: string } {
    if (spec.startsWith('env:')) {
        const name = spec.slice('env:'.length);
        const text = env[name];
        if (text === undefined || text.trim() === '') throw new KeyError(spec, `the environment variable ${name} is not set`);
        return { text, source: spec };
    }
    const file = path.resolve(baseDir, spec);
    try {
        return { text: readRegularFileSync(file, MAX_KEY_BYTES).toString('utf8'), source: spec };
    } catch (error) {
        if (error instanceof NotARegularFileError) throw new KeyError(spec, `is ${error.kind}, not a regular file`, { cause: error });
        if (error instanceof FileTooLargeError) throw new KeyError(spec, `is larger than ${MAX_KEY_BYTES / 1024} KiB: not a key`, { cause: error });
        const code = (error as NodeJS.ErrnoException).code;
        throw new KeyError(spec, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`, { cause: error });
    }
}

export function readPublicKey(spec: string, baseDir: string, env?: Readonly<Record<string, string | undefined>>): PublicKey {
    const { text, source } = readKeyText(spec, baseDir, env);
    return parsePublicKey(text, source);
}

export function readPrivateKey(spec: string, baseDir: string, env?: Readonly<Record<string, string | undefined>>): PrivateKey {
    const { text, source } = readKeyText(spec, baseDir, env);
    return parsePrivateKey(text, source);
}

export function parsePublicKey(text: string, source: string): PublicKey {
    if (text.includes('PRIVATE KEY')) throw new KeyError(source, 'is a private key; give the public key (.pub)');
    const bytes = unpem(text, 'PUBLIC KEY', publicPrefix, source);
    return { bytes, id: keyId(bytes), source };
}

export function parsePrivateKey(text: string, source: string): PrivateKey {
    if (text.includes('PUBLIC KEY')) throw new KeyError(source, 'is a public key; signing needs the private key (.key)');
    const seed = unpem(text, 'PRIVATE KEY', privatePrefix, source);
    const pair = nacl.sign.keyPair.fromSeed(seed);
    return { secretKey: pair.secretKey, publicKey: { bytes: pair.publicKey, id: keyId(pair.publicKey), source } };
}

function pem(label: string, prefix: Buffer, key: Uint8Array): string {
    return `-----BEGIN ${label}-----\n${Buffer.concat([prefix, key]).toString('base64')}\n-----END ${label}-----\n`;
}

function unpem(text: string, label: string, prefix: Buffer, source: string): Uint8Array {
    const match = new RegExp(`^-----BEGIN ${label}-----\\s+([A-Za-z0-9+/=\\s]+?)\\s*-----END ${label}-----\\s*$`).exec(text.trim());
    if (!match) throw new KeyError(source, `is not a PEM "${label}" block (expected an Ed25519 key as \`weft keygen\` or \`openssl genpkey -algorithm ed25519\` writes it)`);
    const der = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
    if (der.length !== prefix.length + 32 || !der.subarray(0, prefix.length).equals(prefix)) {
        throw new KeyError(source, 'is not an Ed25519 key (wrong algorithm or length)');
    }
    return new Uint8Array(der.subarray(prefix.length));
}

import { WeftError } from '@weft/contract/errors';

/**
 * The signature file `<file>.sig` (docs/security.md, byte for byte). Its first four lines are the
 * manifest, the exact bytes that are signed:
 *
 *     weft-signature-v1\n        the domain: these bytes mean nothing to any other signer
 *     name <file name>\n         the signed file's base name (UTF-8, no line breaks)
 *     size <bytes>\n             decimal, no leading zeros
 *     sha512 <128 hex digits>\n  SHA-512 of the file's bytes, lowercase
 *
 * then two lines that are not signed:
 *
 *     key-id <64 hex digits>\n   SHA-256 of the signer's 32-byte public key (for the message when the key is wrong)
 *     signature <base64>\n       the 64-byte Ed25519 signature of the manifest, standard base64 with padding
 */
export const SIGNATURE_DOMAIN = 'weft-signature-v1';

export interface Manifest {
    readonly name: string;
    readonly size: number;
    readonly sha512: string;
}

export interface SignatureFile {
    readonly manifest: Manifest;
    /** The manifest's bytes as they stand in the file (what the signature covers). */
    readonly manifestBytes: Uint8Array;
    readonly keyId: string;
    readonly signature: Uint8Array;
}

/** A signature file that does not follow the format. */
export class MalformedSignatureError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'malformed-signature';

    constructor(reason: string) {
        super(reason);
        this.name = 'MalformedSignatureError';
    }
}

/** The canonical manifest bytes for a file. */
export function manifestBytes(manifest: Manifest): Uint8Array {
    if (manifest.name === '' || /[\r\n]/.test(manifest.name)) throw new Error(`a signed file's name must be non-empty and one line, not ${JSON.stringify(manifest.name)}`);
    return Buffer.from(`${SIGNATURE_DOMAIN}\nname ${manifest.name}\nsize ${manifest.size}\nsha512 ${manifest.sha512}\n`, 'utf8');
}

export function formatSignatureFile(manifest: Manifest, keyId: string, signature: Uint8Array): string {
    return `${Buffer.from(manifestBytes(manifest)).toString('utf8')}key-id ${keyId}\nsignature ${Buffer.from(signature).toString('base64')}\n`;
}

export function parseSignatureFile(text: string): SignatureFile {
    const lines = text.split('\n');
    if (lines.length !== 7 || lines[6] !== '') throw new MalformedSignatureError(`expected 6 lines each ending in a line feed, found ${lines.length - 1}${lines[lines.length - 1] === '' ? '' : ' and no final line feed'}`);
    if (lines[0] !== SIGNATURE_DOMAIN) throw new MalformedSignatureError(`the first line is not ${SIGNATURE_DOMAIN}`);
    const field = (index: number, key: string, pattern: RegExp): string => {
        const line = lines[index]!;
        const value = line.startsWith(`${key} `) ? line.slice(key.length + 1) : undefined;
        if (value === undefined || !pattern.test(value)) throw new MalformedSignatureError(`line ${index + 1} is not a valid "${key}" line`);
        return value;
    };
    const name = field(1, 'name', /^[^\r]+$/);
    const size = Number(field(2, 'size', /^(0|[1-9][0-9]{0,15})$/));
    const sha512 = field(3, 'sha512', /^[0-9a-f]{128}$/);
    const keyId = field(4, 'key-id', /^[0-9a-f]{64}$/);
    const encoded = field(5, 'signature', /^[A-Za-z0-9+/]{86}==$/);
    const signature = new Uint8Array(Buffer.from(encoded, 'base64'));
    if (signature.length !== 64 || Buffer.from(signature).toString('base64') !== encoded) throw new MalformedSignatureError('the signature is not 64 bytes in canonical base64');
    const manifest = { name, size, sha512 };
    return { manifest, manifestBytes: manifestBytes(manifest), keyId, signature };
}

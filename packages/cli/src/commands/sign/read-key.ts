import { type PrivateKey, type PublicKey, readPrivateKey, readPublicKey } from '@weft/runtime';
import type { CliIo } from '../../io.js';

/** `--key PATH` (relative to the working directory) or `--key env:NAME`; an unusable key is a usage error (a `KeyError`). */
export function publicKeyFor(spec: string, io: CliIo): PublicKey {
    return readPublicKey(spec, io.cwd, io.env);
}

export function privateKeyFor(spec: string, io: CliIo): PrivateKey {
    return readPrivateKey(spec, io.cwd, io.env);
}

import { KeyError, type PrivateKey, type PublicKey, readPrivateKey, readPublicKey } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';

/** `--key PATH` (relative to the working directory) or `--key env:NAME`; an unusable key is a usage error. */
export function publicKeyFor(spec: string, io: CliIo): PublicKey {
    return asUserError(() => readPublicKey(spec, io.cwd, io.env));
}

export function privateKeyFor(spec: string, io: CliIo): PrivateKey {
    return asUserError(() => readPrivateKey(spec, io.cwd, io.env));
}

function asUserError<T>(read: () => T): T {
    try {
        return read();
    } catch (error) {
        if (error instanceof KeyError) throw new UserError(error.message, { cause: error });
        throw error;
    }
}

import { WeftError } from '@weft/contract/errors';

/** SQLite's result codes that mean the store's file cannot take more (the primary code, low byte). */
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

/**
 * The run store could not be written: its disk is full, or its file cannot be written. What was
 * committed before stays; a run that hit it can be finished with `weft resume` once it is fixed.
 */
export class StoreUnwritableError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'store-write';

    constructor(readonly file: string, readonly reason: string, options?: ErrorOptions) {
        super(`the run store ${file} cannot be written: ${reason}`, options);
        this.name = 'StoreUnwritableError';
    }

    get diskFull(): boolean {
        return this.reason.startsWith('disk full');
    }
}

/** `error` as a `StoreUnwritableError` when SQLite says the disk is full or the file cannot be written; otherwise as it is. */
export function asStoreWriteError(error: unknown, file: string): unknown {
    const code = (error as { errcode?: unknown }).errcode;
    if (typeof code !== 'number') return error;
    if ((code & 0xff) === SQLITE_FULL) return new StoreUnwritableError(file, 'disk full; free space on its disk', { cause: error });
    if ((code & 0xff) === SQLITE_IOERR) return new StoreUnwritableError(file, `${(error as Error).message}; check its disk`, { cause: error });
    return error;
}

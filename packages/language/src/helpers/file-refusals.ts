import { WeftError } from '@weft/contract/errors';

/**
 * Why a file was not read. The checker reads files that a `.weft` file names (`run:`, imports,
 * `package.json`), so a hostile or mistaken path must not hang it (a FIFO, a terminal) or fill
 * its memory (`/dev/zero`, a huge file): only regular files of a bounded size are read.
 */

/** The path is a FIFO, a device, a socket or a folder. */
export class NotARegularFileError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'source-not-a-regular-file';

    constructor(readonly path: string, readonly kind: string) {
        super(`${path} is ${kind}, not a regular file`);
        this.name = 'NotARegularFileError';
    }
}

/** The file is larger than what is read of it. */
export class FileTooLargeError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'source-too-large';

    constructor(readonly path: string, readonly size: number, readonly limit: number) {
        super(`${path} is larger than ${describeBytes(limit)} (${size.toLocaleString('en-US')} bytes or more)`);
        this.name = 'FileTooLargeError';
    }
}

/** `4 MiB`, `16 MiB`, `512 KiB`. */
export function describeBytes(bytes: number): string {
    if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
    if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
    return `${bytes.toLocaleString('en-US')} bytes`;
}

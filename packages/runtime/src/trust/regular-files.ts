import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';
import { WeftError } from '@weft/contract/errors';

/**
 * Reading signatures and keys, which an attacker may replace with anything: only regular files
 * of a bounded size are read. The file is opened without blocking (opening a FIFO for reading
 * would wait for a writer forever) and checked on the open descriptor, so what is checked is
 * what is read; a file that grows past the limit while being read is refused too.
 * (packages/language/src/node/regular-files.ts does the same for the checker, which does not
 * load the runtime.)
 */

/** Flags for opening a file to read that may turn out to be a FIFO or a terminal. */
export const OPEN_WITHOUT_BLOCKING = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** The path is a FIFO, a device, a socket or a folder. */
export class NotARegularFileError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'not-a-regular-file';

    constructor(readonly path: string, readonly kind: string) {
        super(`${path} is ${kind}, not a regular file`);
        this.name = 'NotARegularFileError';
    }
}

/** The file is larger than what is read of it. */
export class FileTooLargeError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'file-too-large';

    constructor(readonly path: string, readonly limit: number) {
        super(`${path} is larger than ${limit.toLocaleString('en-US')} bytes`);
        this.name = 'FileTooLargeError';
    }
}

export function readRegularFileSync(path: string, limit: number): Buffer {
    const fd = openSync(path, OPEN_WITHOUT_BLOCKING);
    try {
        let buffer: Buffer = Buffer.allocUnsafe(bufferSize(path, fstatSync(fd), limit));
        let length = 0;
        for (;;) {
            if (length === buffer.length) buffer = grown(buffer, limit);
            const read = readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) return buffer.subarray(0, length);
            length += read;
            if (length > limit) throw new FileTooLargeError(path, limit);
        }
    } finally {
        closeSync(fd);
    }
}

export async function readRegularFile(path: string, limit: number): Promise<Buffer> {
    const handle = await fs.open(path, OPEN_WITHOUT_BLOCKING);
    try {
        let buffer: Buffer = Buffer.allocUnsafe(bufferSize(path, await handle.stat(), limit));
        let length = 0;
        for (;;) {
            if (length === buffer.length) buffer = grown(buffer, limit);
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
            if (bytesRead === 0) return buffer.subarray(0, length);
            length += bytesRead;
            if (length > limit) throw new FileTooLargeError(path, limit);
        }
    } finally {
        await handle.close();
    }
}

/** Refuses what is not a regular file (a FIFO, a device…). */
export function mustBeRegularFile(path: string, stats: Stats): void {
    if (stats.isFile()) return;
    let kind = 'not a file';
    if (stats.isDirectory()) kind = 'a folder';
    else if (stats.isFIFO()) kind = 'a FIFO';
    else if (stats.isCharacterDevice()) kind = 'a character device';
    else if (stats.isBlockDevice()) kind = 'a block device';
    else if (stats.isSocket()) kind = 'a socket';
    throw new NotARegularFileError(path, kind);
}

/** Room for the whole file and one byte more, to see it grow past the limit. */
function bufferSize(path: string, stats: Stats, limit: number): number {
    mustBeRegularFile(path, stats);
    if (stats.size > limit) throw new FileTooLargeError(path, limit);
    return stats.size + 1;
}

/** A file that grew since `fstat`: more room, up to one byte past the limit. */
function grown(buffer: Buffer, limit: number): Buffer {
    const larger = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
    buffer.copy(larger);
    return larger;
}

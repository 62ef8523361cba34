import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';
import { FileTooLargeError, NotARegularFileError } from '../helpers/file-refusals.js';

/**
 * Reads a regular file of at most `limit` bytes. The file is opened without blocking (opening a
 * FIFO for reading would wait for a writer) and checked on the open descriptor, so what is
 * checked is what is read; a file that grows past the limit while being read is refused too.
 */
export function readRegularFileSync(path: string, limit: number): Buffer {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
        let buffer: Buffer = Buffer.allocUnsafe(bufferSize(path, fstatSync(fd), limit));
        let length = 0;
        for (;;) {
            if (length === buffer.length) buffer = grown(buffer, limit);
            const read = readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) return buffer.subarray(0, length);
            length += read;
            if (length > limit) throw new FileTooLargeError(path, length, limit);
        }
    } finally {
        closeSync(fd);
    }
}

/** {@link readRegularFileSync}, without blocking the event loop on the reads. */
export async function readRegularFile(path: string, limit: number): Promise<Buffer> {
    const handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
        let buffer: Buffer = Buffer.allocUnsafe(bufferSize(path, await handle.stat(), limit));
        let length = 0;
        for (;;) {
            if (length === buffer.length) buffer = grown(buffer, limit);
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
            if (bytesRead === 0) return buffer.subarray(0, length);
            length += bytesRead;
            if (length > limit) throw new FileTooLargeError(path, length, limit);
        }
    } finally {
        await handle.close();
    }
}

/** Room for the whole file and one byte more, to see it grow past the limit. */
function bufferSize(path: string, stats: Stats, limit: number): number {
    if (!stats.isFile()) throw new NotARegularFileError(path, kindOf(stats));
    if (stats.size > limit) throw new FileTooLargeError(path, stats.size, limit);
    return stats.size + 1;
}

/** A file that grew since `fstat`: more room, up to one byte past the limit. */
function grown(buffer: Buffer, limit: number): Buffer {
    const larger = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
    buffer.copy(larger);
    return larger;
}

function kindOf(stats: Stats): string {
    if (stats.isDirectory()) return 'a folder';
    if (stats.isFIFO()) return 'a FIFO';
    if (stats.isCharacterDevice()) return 'a character device';
    if (stats.isBlockDevice()) return 'a block device';
    if (stats.isSocket()) return 'a socket';
    return 'not a file';
}

import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readlink, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { WeftError } from '@weft/contract/errors';

/**
 * Something a step left in its `out/` folder that the host will not read: a symbolic link, a
 * FIFO or device, a folder, a path outside `out/`, or more bytes than the attempt may hand on.
 * The message names the file as `out/<path>` and never quotes its content.
 */
export class AttemptFileError extends WeftError {
    static override readonly fault = 'step';
    static override readonly code = 'attempt-file';

    constructor(readonly file: string, readonly problem: string, readonly output?: string) {
        super(`${output === undefined ? '' : `output ${output}: `}${file} ${problem}`);
        this.name = 'AttemptFileError';
    }

    /** The same refusal, naming the output whose handle pointed at the file. */
    forOutput(output: string): AttemptFileError {
        return new AttemptFileError(this.file, this.problem, output);
    }
}

/** A regular file of the attempt, open for reading, with its size as `fstat` saw it on the open descriptor. */
export interface AttemptFile {
    readonly handle: FileHandle;
    readonly size: number;
    /** `out/<path>`, for messages. */
    readonly name: string;
}

// O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore the flag).
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Opens `relative` under the attempt's `outDir` as the host must read what a step left: no
 * component may be a symbolic link (each folder is checked with lstat, the file itself is
 * opened with O_NOFOLLOW), the file must be a regular file (checked with fstat before any read),
 * and the opened file's real path must lie under `outDir` (a folder swapped for a link between
 * the checks is caught here). Returns undefined when the file does not exist.
 */
export async function openAttemptFile(outDir: string, relative: string): Promise<AttemptFile | undefined> {
    const name = `out/${relative.split(path.sep).join('/')}`;
    const parts = path.normalize(relative).split(path.sep).filter(part => part !== '' && part !== '.');
    if (parts.length === 0 || parts.includes('..') || path.isAbsolute(relative)) throw new AttemptFileError(name, 'is not a file under the attempt\'s out/ folder');
    const root = await realOutDir(outDir, name);
    if (root === undefined) return undefined;
    let folder = root;
    for (const part of parts.slice(0, -1)) {
        folder = path.join(folder, part);
        const info = await lstat(folder).catch(missing);
        if (info === undefined) return undefined;
        if (info.isSymbolicLink()) throw new AttemptFileError(name, `is reached through a symbolic link (${path.relative(root, folder)}); the host does not follow links a step leaves`);
        if (!info.isDirectory()) return undefined;
    }
    const file = path.join(folder, parts.at(-1)!);
    let handle: FileHandle;
    try {
        handle = await open(file, OPEN_FLAGS);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        if (code === 'ELOOP') throw new AttemptFileError(name, 'is a symbolic link; the host does not follow links a step leaves');
        throw new AttemptFileError(name, `cannot be opened (${code ?? 'error'})`);
    }
    try {
        const info = await handle.stat();
        if (!info.isFile()) throw new AttemptFileError(name, `is ${kindOf(info)}, not a regular file`);
        // Where the descriptor really is; without /proc (macOS) the path's real path is the best there is.
        const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => realpath(file));
        if (!isInside(root, real)) throw new AttemptFileError(name, 'is not under the attempt\'s out/ folder');
        return { handle, size: info.size, name };
    } catch (error) {
        await handle.close();
        throw error;
    }
}

/** How big a file the host reads whole may be, named for the message (`maxOutputBytes`), with advice for the step's author. */
export interface ReadLimit {
    readonly bytes: number;
    readonly name: string;
    readonly advice?: string;
}

/** Reads an open attempt file of at most `limit.bytes` whole; more is refused from fstat's size, before reading. */
export async function readAttemptFile(file: AttemptFile, limit: ReadLimit): Promise<Buffer> {
    if (file.size > limit.bytes) {
        throw new AttemptFileError(file.name, `is ${formatBytes(file.size)}, more than the ${formatBytes(limit.bytes)} allowed (${limit.name})${limit.advice ? `; ${limit.advice}` : ''}`);
    }
    const buffer = Buffer.alloc(file.size);
    let filled = 0;
    // Only the bytes fstat counted: a file that grows meanwhile is not read further.
    while (filled < file.size) {
        const { bytesRead } = await file.handle.read(buffer, filled, file.size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
    }
    return buffer.subarray(0, filled);
}

/**
 * `out/<name>` parsed as JSON, or undefined when the step left no such file. Bounded by the
 * limit; a file that is not JSON is refused without quoting it.
 */
export async function readAttemptJson(outDir: string, relative: string, limit: ReadLimit): Promise<unknown> {
    const file = await openAttemptFile(outDir, relative);
    if (file === undefined) return undefined;
    try {
        const text = (await readAttemptFile(file, limit)).toString('utf8');
        try {
            return JSON.parse(text) as unknown;
        } catch {
            throw new AttemptFileError(file.name, 'is not valid JSON');
        }
    } finally {
        await file.handle.close();
    }
}

/** `1.5 GiB`, `16 MiB`, `300 B`. */
export function formatBytes(bytes: number): string {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The real path of `out/` itself (undefined when there is none), which must be a folder and not a link (a process step can replace it). */
async function realOutDir(outDir: string, name: string): Promise<string | undefined> {
    const info = await lstat(outDir).catch(missing);
    if (info === undefined) return undefined;
    if (info.isSymbolicLink() || !info.isDirectory()) throw new AttemptFileError(name, 'cannot be read: the attempt\'s out/ folder is not a folder');
    return realpath(outDir);
}

function isInside(folder: string, file: string): boolean {
    const relative = path.relative(folder, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
    if (info.isDirectory()) return 'a folder';
    if (info.isFIFO()) return 'a FIFO';
    if (info.isSocket()) return 'a socket';
    if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
    return 'not a regular file';
}

function missing(error: unknown): undefined {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
}

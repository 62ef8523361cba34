import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { mustBeRegularFile, OPEN_WITHOUT_BLOCKING } from './regular-files.js';

export type DigestAlgorithm = 'sha256' | 'sha512';

/** A file's size and hex digests, read in one streaming pass (constant memory). */
export interface FileDigest {
    readonly size: number;
    readonly sha256?: string;
    readonly sha512?: string;
}

/**
 * Streams `file` once through every hash in `algorithms`. Only a regular file is read, checked
 * on the open descriptor: a FIFO swapped in after a caller's `stat` is refused, not waited on.
 */
export async function hashFile(file: string, algorithms: readonly DigestAlgorithm[]): Promise<FileDigest & { readonly size: number }> {
    const hashes = algorithms.map(algorithm => [algorithm, createHash(algorithm)] as const);
    let size = 0;
    const handle = await open(file, OPEN_WITHOUT_BLOCKING);
    try {
        mustBeRegularFile(file, await handle.stat());
        for await (const chunk of handle.createReadStream({ highWaterMark: 256 * 1024, autoClose: false })) {
            size += (chunk as Buffer).byteLength;
            for (const [, hash] of hashes) hash.update(chunk as Buffer);
        }
    } finally {
        await handle.close();
    }
    return { size, ...Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')])) };
}

/**
 * Digests of files, remembered while the file is unchanged: the key is the file's path, device,
 * inode, size, mtime and ctime (nanoseconds). Any write, truncation, rename over it or `touch`
 * changes the ctime, which a user cannot set back, so a remembered digest is never stale.
 * Concurrent requests for one file share one read: a model consumed by 100 tasks is hashed once.
 */
export class FileDigests {
    private readonly known = new Map<string, Promise<FileDigest>>();

    /** `hash` reads a file (a seam for tests that count reads). */
    constructor(private readonly hash: typeof hashFile = hashFile) {}

    /** The file's digests; `algorithms` not yet known are computed in one pass. */
    async of(file: string, algorithms: readonly DigestAlgorithm[]): Promise<FileDigest> {
        const key = await this.keyOf(file);
        const remembered = await this.known.get(key)?.catch(() => undefined);
        const missing = algorithms.filter(algorithm => remembered?.[algorithm] === undefined);
        if (remembered && missing.length === 0) return remembered;
        const computing = this.hash(file, missing).then(digest => ({ ...remembered, ...digest }));
        this.known.set(key, computing);
        try {
            return await computing;
        } catch (error) {
            this.known.delete(key);
            throw error;
        }
    }

    /** Records a digest computed elsewhere (the artifact store hashed an output as it stored it). */
    async remember(file: string, digest: FileDigest): Promise<void> {
        const key = await this.keyOf(file);
        const remembered = await this.known.get(key)?.catch(() => undefined);
        this.known.set(key, Promise.resolve({ ...remembered, ...digest }));
    }

    private async keyOf(file: string): Promise<string> {
        const info = await stat(file, { bigint: true });
        if (!info.isFile()) throw new Error(`${file} is not a file`);
        return [file, info.dev, info.ino, info.size, info.mtimeNs, info.ctimeNs].join(':');
    }
}

import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, type FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Bytes read and written at a time while storing a file; the abort signal is checked between chunks. */
const CHUNK = 1024 * 1024;

/** One stored artifact: its digest and where its (immutable) bytes are. */
export interface StoredArtifact {
    /** `sha256:` and the hex digest of the bytes. */
    readonly digest: string;
    readonly path: string;
    readonly size: number;
}

/**
 * A content-addressed store: `<dir>/sha256/<first two hex>/<hex><extension>`. The same bytes
 * are stored once; files are read-only (0444) so no step can change an artifact in place.
 * The extension (`.jsonl`, `.npy`, …) is kept so tools recognize the format.
 * `<dir>` itself is 0700: only its owner (and the sandboxes it mounts artifacts into, through
 * runsc, which runs as that owner) can reach the files; the files stay readable by all because a
 * sandboxed step reads its inputs as uid 65534.
 */
export class ArtifactStore {
    constructor(readonly dir: string) {}

    /** Hashes `file` (streaming, constant memory) and copies it into the store. For files the host trusts (a passed-on input, the cache's). */
    async putFile(file: string, signal?: AbortSignal): Promise<StoredArtifact> {
        const handle = await open(file, 'r');
        try {
            return await this.putOpened(handle, (await handle.stat()).size, path.extname(file), signal);
        } finally {
            await handle.close();
        }
    }

    /**
     * Stores the first `size` bytes of an open file: one pass that hashes and copies them to a
     * temporary file, so the stored bytes are the hashed ones. Stops with the signal's reason
     * when it aborts (a timeout, a cancel), leaving nothing behind.
     */
    async putOpened(handle: FileHandle, size: number, extension: string, signal?: AbortSignal): Promise<StoredArtifact> {
        await this.makeDir();
        const temporary = path.join(this.dir, `.${process.pid}.${Math.random().toString(36).slice(2)}.partial`);
        const hash = createHash('sha256');
        const output = await open(temporary, 'wx', 0o600);
        let copied = 0;
        try {
            const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(size, 1)));
            while (copied < size) {
                signal?.throwIfAborted();
                const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.byteLength, size - copied), copied);
                if (bytesRead === 0) break;
                const chunk = buffer.subarray(0, bytesRead);
                hash.update(chunk);
                await output.write(chunk);
                copied += bytesRead;
            }
        } catch (error) {
            await output.close();
            await rm(temporary, { force: true });
            throw error;
        }
        await output.close();
        const digest = hash.digest('hex');
        const target = this.pathOf(digest, extension);
        if (existsSync(target)) {
            await rm(temporary, { force: true });
        } else {
            await mkdir(path.dirname(target), { recursive: true });
            await chmod(temporary, 0o444);
            await rename(temporary, target);
        }
        return { digest: `sha256:${digest}`, path: target, size: copied };
    }

    /** Stores `bytes` (a `.npy` tensor, …) under their digest. */
    async putBytes(bytes: Uint8Array, extension: string): Promise<StoredArtifact> {
        const digest = createHash('sha256').update(bytes).digest('hex');
        const target = this.pathOf(digest, extension);
        if (!existsSync(target)) await this.install(target, temporary => writeFile(temporary, bytes));
        return { digest: `sha256:${digest}`, path: target, size: bytes.byteLength };
    }

    /** Whether the store still holds these bytes (a cache hit needs its artifacts). */
    has(digest: string, extension = ''): boolean {
        return existsSync(this.pathOf(digest.replace(/^sha256:/, ''), extension));
    }

    /** Whether `file` is one of this store's artifacts (its path lies under the store). */
    contains(file: string): boolean {
        const relative = path.relative(path.join(this.dir, 'sha256'), path.resolve(file));
        return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    }

    private pathOf(hex: string, extension: string): string {
        return path.join(this.dir, 'sha256', hex.slice(0, 2), `${hex}${extension}`);
    }

    /** The store's folder, 0700 even when an older weft made it with the umask's mode. */
    private async makeDir(): Promise<void> {
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        await chmod(this.dir, 0o700);
    }

    // Write beside the target, then rename: readers never see a partial artifact.
    private async install(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
        await this.makeDir();
        await mkdir(path.dirname(target), { recursive: true });
        const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
        await write(temporary);
        await chmod(temporary, 0o444);
        await rename(temporary, target);
    }
}

export async function sha256File(file: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
}

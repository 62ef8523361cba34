import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

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
 */
export class ArtifactStore {
    constructor(readonly dir: string) {}

    /** Hashes `file` (streaming, constant memory) and copies it into the store. */
    async putFile(file: string): Promise<StoredArtifact> {
        const digest = await sha256File(file);
        const target = this.pathOf(digest, path.extname(file));
        if (!existsSync(target)) await this.install(target, temporary => copyFile(file, temporary));
        return { digest: `sha256:${digest}`, path: target, size: (await stat(target)).size };
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

    // Write beside the target, then rename: readers never see a partial artifact.
    private async install(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
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

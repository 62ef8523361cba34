import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Dataset } from '../handles/dataset.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import { encodeValue } from '../store/value-codec.js';

/** sha256 of a string, as hex. */
export function sha256(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

/** sha256 of a file's bytes, streamed (datasets can be large); a folder hashes its files' names and digests. */
export async function digestPath(file: string): Promise<string> {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) {
        const names = (await fs.readdir(file)).sort();
        const parts = await Promise.all(names.map(async name => `${name}:${await digestPath(path.join(file, name))}`));
        return sha256(parts.join('\n'));
    }
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
}

/** A handle's file, if the value is one. */
export function handlePath(value: unknown): string | undefined {
    return value instanceof Dataset || value instanceof Model || value instanceof File ? value.path : undefined;
}

/**
 * A value as the cache key sees it: JSON in a fixed key order, with every handle replaced by
 * the digest of its content (so a dataset copied elsewhere keeps its key, and an edited one
 * does not).
 */
export async function digestValue(value: unknown): Promise<string> {
    return sha256(canonicalJson(await withDigests(value)));
}

async function withDigests(value: unknown): Promise<unknown> {
    const file = handlePath(value);
    if (file !== undefined) {
        const kind = (encodeValue(value) as { $weft: string }).$weft;
        return { $weft: kind, sha256: await digestPath(file) };
    }
    if (value instanceof Map) return { $weft: 'map', entries: await withDigests([...value]) };
    if (Array.isArray(value)) return Promise.all(value.map(withDigests));
    if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
        const entries = await Promise.all(Object.entries(value).map(async ([key, entry]) => [key, await withDigests(entry)] as const));
        return Object.fromEntries(entries);
    }
    return encodeValue(value); // tensors and plain values
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, entry: unknown) => {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
        return Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    });
}

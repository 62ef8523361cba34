import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { Dataset } from '../handles/dataset.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import { decodeValue, encodeValue } from '../store/value-codec.js';
import { type CacheKey, type CacheKeyParts, type CacheRequest, cacheKeyOf, type NoCacheKey } from './cache-key.js';
import { canonicalJson, digestPath, handlePath } from './digest.js';
import { changedParts } from './explain-change.js';
import type { CacheDecision, TaskCache } from './task-cache.js';

/** One cached result: the key's parts and the outputs, their artifacts copied into `blobs/`. */
interface CacheEntry {
    readonly key: string;
    readonly step: string;
    readonly parts: CacheKeyParts;
    /** The bundle's files by digest, to name the file that changed when a later key misses. */
    readonly files?: Readonly<Record<string, string>>;
    /** Encoded outputs (value-codec); handle paths point into the cache's blobs. */
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly runId: string;
    readonly savedAt: number;
}

type HistoryEntry = Omit<CacheEntry, 'outputs'>;

/** How many keys per step are remembered to explain a miss. */
const historyLength = 20;

/**
 * The cache in a folder (`.weft/cache` of a project): `entries/<key>.json`, and per step the
 * recent keys in `history/<step>.json`, to tell which part of a key changed. Output artifacts
 * must outlive the run's work directories: files go into the run's content-addressed artifact
 * store (where out-of-process executors already put them, so nothing is copied twice), folders
 * into `blobs/<sha256><ext>`.
 */
export class FileTaskCache implements TaskCache {
    private readonly keys = new Map<string, Promise<CacheKey | NoCacheKey | undefined>>();

    constructor(readonly folder: string, private readonly artifacts?: ArtifactStore) {}

    async lookup(request: CacheRequest): Promise<CacheDecision> {
        const key = await this.keyOf(request);
        if (!key) return { hit: false, explanation: 'not cached: the step\'s cache setting is false' };
        if ('reason' in key) return { hit: false, explanation: `not cached: ${key.reason}` };
        const entry = await readJson<CacheEntry>(this.entryFile(key.key));
        if (entry) {
            const outputs = decodeValue(entry.outputs) as Record<string, unknown>;
            const gone = Object.entries(outputs).find(([, value]) => { const file = handlePath(value); return file !== undefined && !existsSync(file); });
            if (gone) return { hit: false, key: key.key, explanation: `miss: the cached output ${gone[0]} is gone (${handlePath(gone[1])})` };
            await this.refreshFiles(key);
            return { hit: true, key: key.key, outputs, explanation: `hit: same key as run ${entry.runId} (${short(key.key)})` };
        }
        const history = await readJson<HistoryEntry[]>(this.historyFile(key.step)) ?? [];
        if (history.length === 0) return { hit: false, key: key.key, explanation: `miss: ${key.step} was never cached before` };
        const closest = history
            .map(previous => ({ previous, changed: changedParts(previous, key) }))
            .reduce((best, candidate) => candidate.changed.length <= best.changed.length ? candidate : best);
        const what = closest.changed.length === 0 ? 'its cache entry was removed' : closest.changed.join(', ');
        return { hit: false, key: key.key, explanation: `miss: ${what} since run ${closest.previous.runId}` };
    }

    async save(request: CacheRequest, outputs: Readonly<Record<string, unknown>>): Promise<void> {
        const key = await this.keyOf(request);
        if (!key || 'reason' in key) return;
        const stored = await this.storeArtifacts(outputs) as Record<string, unknown>;
        const entry: CacheEntry = { key: key.key, step: key.step, parts: key.parts, files: key.files, outputs: encodeValue(stored) as Record<string, unknown>, runId: request.runId, savedAt: Date.now() };
        await writeJson(this.entryFile(key.key), entry);
        const historyFile = this.historyFile(key.step);
        const history = (await readJson<HistoryEntry[]>(historyFile) ?? []).filter(previous => previous.key !== key.key);
        const { outputs: _outputs, ...remembered } = entry;
        await writeJson(historyFile, [...history, remembered].slice(-historyLength));
    }

    /**
     * On a hit, the history keeps the key's files as they are now: a comment-only edit hits, and a
     * later miss must not name the file whose comments changed.
     */
    private async refreshFiles(key: CacheKey): Promise<void> {
        const historyFile = this.historyFile(key.step);
        const history = await readJson<HistoryEntry[]>(historyFile);
        const remembered = history?.find(previous => previous.key === key.key);
        if (!history || !remembered || canonicalJson(remembered.files ?? {}) === canonicalJson(key.files)) return;
        await writeJson(historyFile, history.map(previous => previous === remembered ? { ...previous, files: key.files } : previous));
    }

    /** The key is computed once per task and attempt series: the lookup's serves the save. */
    private keyOf(request: CacheRequest): Promise<CacheKey | NoCacheKey | undefined> {
        const id = `${request.runId}/${request.taskId}`;
        let key = this.keys.get(id);
        if (!key) {
            key = cacheKeyOf(request);
            this.keys.set(id, key);
        }
        return key;
    }

    /** Keeps every handle's file where it outlives the run (see the class) and returns the value with handles on the kept copies. */
    private async storeArtifacts(value: unknown): Promise<unknown> {
        const file = handlePath(value);
        if (file !== undefined) {
            const kept = await this.keep(file);
            return value instanceof Dataset ? new Dataset(kept) : value instanceof Model ? new Model(kept) : new File(kept);
        }
        if (Array.isArray(value)) return Promise.all(value.map(entry => this.storeArtifacts(entry)));
        if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
            const entries = await Promise.all(Object.entries(value).map(async ([name, entry]) => [name, await this.storeArtifacts(entry)] as const));
            return Object.fromEntries(entries);
        }
        return value;
    }

    private async keep(file: string): Promise<string> {
        if (this.artifacts && (await fs.stat(file)).isFile()) {
            return this.artifacts.contains(file) ? file : (await this.artifacts.putFile(file)).path;
        }
        const blob = path.join(this.folder, 'blobs', `${await digestPath(file)}${path.extname(file)}`);
        if (!existsSync(blob)) {
            await fs.mkdir(path.dirname(blob), { recursive: true });
            const temporary = `${blob}.${process.pid}.tmp`;
            await fs.cp(file, temporary, { recursive: true });
            await fs.rename(temporary, blob);
        }
        return blob;
    }

    private entryFile(key: string): string {
        return path.join(this.folder, 'entries', `${key}.json`);
    }

    private historyFile(step: string): string {
        return path.join(this.folder, 'history', `${step.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
    }
}

function short(key: string): string {
    return key.slice(0, 12);
}

async function readJson<T>(file: string): Promise<T | undefined> {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
        return JSON.parse(text) as T;
    } catch {
        return undefined; // a torn or foreign file counts as absent: the task just runs
    }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
async function writeJson(file: string, value: unknown): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(value), 'utf8');
    await fs.rename(temporary, file);
}

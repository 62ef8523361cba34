import * as path from 'node:path';
import { WeftError } from '@weft/contract/errors';
import { Dataset } from '../handles/dataset.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import { encodeNpy } from '../handles/npy.js';
import { Tensor } from '../handles/tensor.js';
import type { ArtifactStore, StoredArtifact } from './artifact-store.js';
import { AttemptFileError, formatBytes, openAttemptFile } from './attempt-files.js';

/** One artifact an attempt produced, hashed into the store. */
export interface ProducedArtifact {
    /** Where in the outputs it is: `model`, `parts[1]`, `report.file`. */
    readonly output: string;
    readonly kind: 'dataset' | 'model' | 'file' | 'tensor';
    readonly digest: string;
    /** Its path in the artifact store. */
    readonly path: string;
    readonly size: number;
}

/** A handle points somewhere the attempt may not hand on (outside its `out/` and its inputs). */
export class ArtifactOutsideOutputError extends WeftError {
    static override readonly fault = 'step';
    static override readonly code = 'artifact-outside-output';

    constructor(readonly output: string, readonly artifactPath: string) {
        super(`output ${output} points at ${artifactPath}, which is neither under the attempt's out/ folder nor one of its inputs`);
        this.name = 'ArtifactOutsideOutputError';
    }
}

/**
 * Where a handle's path, as the worker saw it, is on the host: a path relative to the attempt's
 * `out/` (something the step wrote, read with care) or one of its inputs (the host's own file),
 * or `undefined` when the attempt could not have written or read it.
 */
export type PathResolver = (workerPath: string) => { readonly out: string } | { readonly input: string } | undefined;

/** How the host reads what an attempt left in its `out/` folder. */
export interface AttemptOutputFolder {
    readonly outDir: string;
    /** The most bytes the attempt's artifacts in `out/` may take together (by size, so a sparse file counts in full). */
    readonly maxArtifactBytes: number;
    /** Aborted on the attempt's timeout or cancel: hashing and copying stop. */
    readonly signal?: AbortSignal;
}

/**
 * Hashes every handle among `outputs` into the store and returns the outputs with handles on
 * the stored (immutable) copies. Tensors stay values and are also stored as `.npy`. Files in
 * `out/` are opened without following links and must be regular files within the attempt's
 * artifact limit (attempt-files.ts).
 */
export async function storeOutputs(outputs: Readonly<Record<string, unknown>>, store: ArtifactStore, resolve: PathResolver, folder: AttemptOutputFolder): Promise<{ outputs: Record<string, unknown>; artifacts: ProducedArtifact[] }> {
    const artifacts: ProducedArtifact[] = [];
    let spent = 0;
    const storeFromOut = async (relative: string): Promise<StoredArtifact> => {
        const file = await openAttemptFile(folder.outDir, relative);
        if (file === undefined) throw new AttemptFileError(`out/${relative.split(path.sep).join('/')}`, 'does not exist');
        try {
            if (spent + file.size > folder.maxArtifactBytes) {
                const left = spent === 0 ? '' : ` ${formatBytes(folder.maxArtifactBytes - spent)} left of the`;
                throw new AttemptFileError(file.name, `is ${formatBytes(file.size)}, more than the${left} ${formatBytes(folder.maxArtifactBytes)} an attempt's artifacts may take together (maxArtifactBytes)`);
            }
            spent += file.size;
            return await store.putOpened(file.handle, file.size, path.extname(relative), folder.signal);
        } finally {
            await file.handle.close();
        }
    };
    const visit = async (value: unknown, where: string): Promise<unknown> => {
        if (value instanceof Dataset || value instanceof Model || value instanceof File) {
            const source = resolve(path.resolve(value.path));
            if (source === undefined) throw new ArtifactOutsideOutputError(where, value.path);
            const stored = 'out' in source
                ? await storeFromOut(source.out).catch((error: unknown) => { throw error instanceof AttemptFileError ? error.forOutput(where) : error; })
                : await store.putFile(source.input, folder.signal);
            const kind = value instanceof Dataset ? 'dataset' : value instanceof Model ? 'model' : 'file';
            artifacts.push({ output: where, kind, ...stored });
            return kind === 'dataset' ? new Dataset(stored.path) : kind === 'model' ? new Model(stored.path) : new File(stored.path);
        }
        if (value instanceof Tensor) {
            artifacts.push({ output: where, kind: 'tensor', ...await store.putBytes(encodeNpy(value), '.npy') });
            return value;
        }
        if (Array.isArray(value)) {
            const elements: unknown[] = [];
            for (const [index, element] of value.entries()) elements.push(await visit(element, `${where}[${index}]`));
            return elements;
        }
        if (value instanceof Map) {
            const entries: [unknown, unknown][] = [];
            for (const [key, entry] of value) entries.push([key, await visit(entry, `${where}.${String(key)}`)]);
            return new Map(entries);
        }
        if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
            const record: Record<string, unknown> = {};
            for (const [key, entry] of Object.entries(value)) record[key] = await visit(entry, `${where}.${key}`);
            return record;
        }
        return value;
    };
    const stored: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(outputs)) stored[name] = await visit(value, name);
    return { outputs: stored, artifacts };
}

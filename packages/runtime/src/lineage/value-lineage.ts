import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { digestPath } from '../caching/digest.js';
import { Dataset } from '../handles/dataset.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import type { DType } from '../handles/dtypes.js';
import { encodeNpy } from '../handles/npy.js';
import { Tensor } from '../handles/tensor.js';
import type { ProducedArtifact } from '../artifacts/store-outputs.js';
import { encodeValue } from '../store/value-codec.js';
import type { ArtifactRecord, TaskInputRecord } from '../store/run-store.js';
import type { FileDigests } from '../trust/file-digests.js';

type HandleKind = ArtifactRecord['kind'];

/** A handle found inside a value: where (`data`, `cfg.model`, `parts[1]`), its kind and its file. */
interface FoundHandle {
    readonly where: string;
    readonly kind: HandleKind;
    readonly value: Dataset<unknown> | Model<unknown, unknown> | File | Tensor<DType>;
}

/** Every handle in `value`, at any depth of records, lists and maps. */
function handlesIn(value: unknown, where: string, found: FoundHandle[] = []): FoundHandle[] {
    const kind = value instanceof Dataset ? 'dataset' : value instanceof Model ? 'model' : value instanceof File ? 'file' : value instanceof Tensor ? 'tensor' : undefined;
    if (kind) found.push({ where, kind, value: value as FoundHandle['value'] });
    else if (Array.isArray(value)) value.forEach((element, index) => handlesIn(element, `${where}[${index}]`, found));
    else if (value instanceof Map) for (const [key, entry] of value) handlesIn(entry, `${where}.${String(key)}`, found);
    else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
        for (const [key, entry] of Object.entries(value)) handlesIn(entry, `${where}.${key}`, found);
    }
    return found;
}

/** `sha256:<hex>` of a handle's content: a file (remembered while unchanged), a folder's files, a tensor's `.npy` bytes. */
async function digestOf(handle: FoundHandle['value'], digests: FileDigests): Promise<{ digest?: string; path?: string; size?: number }> {
    if (handle instanceof Tensor) {
        const bytes = encodeNpy(handle);
        return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.byteLength };
    }
    const info = await stat(handle.path).catch(() => undefined);
    if (!info) return { path: handle.path };
    if (info.isDirectory()) return { digest: `sha256:${await digestPath(handle.path)}`, path: handle.path };
    const found = await digests.of(handle.path, ['sha256']);
    return { digest: `sha256:${found.sha256!}`, path: handle.path, size: found.size };
}

/** A task attempt's inputs for the run store: each parameter's value, and each handle with its digest. */
export async function describeInputs(taskId: string, attempt: number, inputs: Readonly<Record<string, unknown>>, digests: FileDigests): Promise<TaskInputRecord[]> {
    const records: TaskInputRecord[] = [];
    for (const [name, value] of Object.entries(inputs)) {
        const handles = handlesIn(value, name);
        const top = handles.find(handle => handle.where === name);
        records.push({ taskId, attempt, input: name, kind: top?.kind ?? 'value', value: encodeValue(value), ...(top ? pick(await digestOf(top.value, digests)) : {}) });
        for (const nested of handles.filter(handle => handle !== top)) {
            records.push({ taskId, attempt, input: nested.where, kind: nested.kind, ...pick(await digestOf(nested.value, digests)) });
        }
    }
    return records;
}

/**
 * The artifacts among a task's outputs, with digests: those the artifact store already hashed
 * (out-of-process executors), else hashed here (inline steps, cached outputs). Files the store
 * hashed are remembered, so a downstream task consuming them reads nothing again.
 */
export async function describeOutputs(taskId: string, attempt: number | undefined, outputs: Readonly<Record<string, unknown>>, produced: readonly ProducedArtifact[] | undefined, digests: FileDigests): Promise<ArtifactRecord[]> {
    const records: ArtifactRecord[] = [];
    const known = new Map((produced ?? []).map(artifact => [artifact.output, artifact]));
    for (const [name, value] of Object.entries(outputs)) {
        for (const handle of handlesIn(value, name)) {
            const stored = known.get(handle.where);
            const described = stored ? { digest: stored.digest, size: stored.size, ...(handle.value instanceof Tensor ? {} : { path: handle.value.path }) } : await digestOf(handle.value, digests);
            if (stored && !(handle.value instanceof Tensor)) await digests.remember(handle.value.path, { size: stored.size, sha256: stored.digest.replace(/^sha256:/, '') }).catch(() => undefined);
            records.push({ taskId, output: handle.where, kind: handle.kind, ...(attempt === undefined ? {} : { attempt }), ...described });
        }
    }
    return records;
}

function pick(described: { digest?: string; path?: string }): { digest?: string; path?: string } {
    return { ...(described.digest === undefined ? {} : { digest: described.digest }), ...(described.path === undefined ? {} : { path: described.path }) };
}

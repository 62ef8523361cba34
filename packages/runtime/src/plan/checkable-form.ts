import { Dataset } from '../handles/dataset.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import { Tensor } from '../handles/tensor.js';

/**
 * A value in the form its schema describes (the store form of `encodeValue`, docs/plan.md
 * "Types") without the cost of storing it: handles tagged by `$weft`, a `Map` as a plain
 * object, a tensor as its dtype and shape only (a schema checks a tensor structurally, so its
 * data is not encoded to base64 just to be checked), and fields holding `undefined` left out
 * as JSON leaves them out.
 */
export function checkableForm(value: unknown): unknown {
    if (value instanceof Dataset) return { $weft: 'dataset', path: value.path };
    if (value instanceof Model) return { $weft: 'model', path: value.path };
    if (value instanceof File) return { $weft: 'file', path: value.path };
    if (value instanceof Tensor) return { $weft: 'tensor', dtype: value.dtype, shape: [...value.shape] };
    if (value instanceof Uint8Array) return { $weft: 'bytes', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    if (value instanceof Map) return Object.fromEntries([...value].filter(([, entry]) => entry !== undefined).map(([key, entry]) => [String(key), checkableForm(entry)]));
    if (Array.isArray(value)) return value.map(checkableForm);
    if (typeof value === 'object' && value !== null) {
        const record: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(value)) if (entry !== undefined) record[key] = checkableForm(entry);
        return record;
    }
    return value;
}

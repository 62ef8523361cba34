import { Dataset } from '../handles/dataset.js';
import { type DType, dtypeLayouts } from '../handles/dtypes.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import { Tensor } from '../handles/tensor.js';

/**
 * Values as the run store keeps them: plain JSON, with handles tagged by `$weft` so a resumed
 * run gets `Dataset`, `Model`, `File` and `Tensor` objects back, and Maps as tagged entries.
 */
type Tagged =
    | { readonly $weft: 'dataset' | 'model' | 'file'; readonly path: string }
    | { readonly $weft: 'tensor'; readonly dtype: DType; readonly shape: readonly number[]; readonly base64: string }
    | { readonly $weft: 'map'; readonly entries: readonly (readonly [unknown, unknown])[] };

export function encodeValue(value: unknown): unknown {
    if (value instanceof Dataset) return tag({ $weft: 'dataset', path: value.path });
    if (value instanceof Model) return tag({ $weft: 'model', path: value.path });
    if (value instanceof File) return tag({ $weft: 'file', path: value.path });
    if (value instanceof Tensor) {
        const data = value.data;
        return tag({ $weft: 'tensor', dtype: value.dtype, shape: [...value.shape], base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') });
    }
    if (value instanceof Map) return tag({ $weft: 'map', entries: [...value].map(([key, entry]) => [encodeValue(key), encodeValue(entry)] as const) });
    if (Array.isArray(value)) return value.map(encodeValue);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, encodeValue(entry)]));
    return value;
}

export function decodeValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(decodeValue);
    if (typeof value !== 'object' || value === null) return value;
    if ('$weft' in value) return untag(value as Tagged);
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, decodeValue(entry)]));
}

/** The kind of artifact a value is, for the store's artifacts table. */
export function artifactKind(value: unknown): 'dataset' | 'model' | 'file' | 'tensor' | undefined {
    if (value instanceof Dataset) return 'dataset';
    if (value instanceof Model) return 'model';
    if (value instanceof File) return 'file';
    if (value instanceof Tensor) return 'tensor';
    return undefined;
}

function tag(value: Tagged): Tagged {
    return value;
}

function untag(value: Tagged): unknown {
    switch (value.$weft) {
        case 'dataset': return new Dataset(value.path);
        case 'model': return new Model(value.path);
        case 'file': return new File(value.path);
        case 'map': return new Map(value.entries.map(([key, entry]) => [decodeValue(key), decodeValue(entry)]));
        case 'tensor': {
            const bytes = Buffer.from(value.base64, 'base64');
            // Copy into a fresh, aligned buffer: a Buffer's offset may not suit a Float64Array.
            const buffer = new ArrayBuffer(bytes.byteLength);
            new Uint8Array(buffer).set(bytes);
            const layout = dtypeLayouts[value.dtype];
            return new Tensor(value.dtype, value.shape, layout.create(buffer, bytes.byteLength / layout.bytes) as never);
        }
    }
}

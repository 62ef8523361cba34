/** The element types of a `Tensor` (Weft's `DType`). */
export type DType = 'f16' | 'bf16' | 'f32' | 'f64' | 'i8' | 'i32' | 'i64' | 'u8' | 'bool';

/** The typed array that holds a tensor's elements; `f16` and `bf16` keep their raw 16-bit patterns. */
export interface TensorArrays {
    f16: Uint16Array;
    bf16: Uint16Array;
    f32: Float32Array;
    f64: Float64Array;
    i8: Int8Array;
    i32: Int32Array;
    i64: BigInt64Array;
    u8: Uint8Array;
    bool: Uint8Array;
}

export type TensorData<D extends DType> = TensorArrays[D];

interface DTypeLayout {
    /** numpy's `descr` for the type, little-endian. */
    readonly descr: string;
    readonly bytes: number;
    readonly create: (buffer: ArrayBuffer, length: number) => TensorArrays[DType];
}

/**
 * How each dtype is laid out in a `.npy` file. numpy has no bfloat16: `bf16` is stored as `<u2`
 * and read back as `bf16` only when the reader asks for it.
 */
export const dtypeLayouts: Readonly<Record<DType, DTypeLayout>> = {
    f16: { descr: '<f2', bytes: 2, create: (buffer, length) => new Uint16Array(buffer, 0, length) },
    bf16: { descr: '<u2', bytes: 2, create: (buffer, length) => new Uint16Array(buffer, 0, length) },
    f32: { descr: '<f4', bytes: 4, create: (buffer, length) => new Float32Array(buffer, 0, length) },
    f64: { descr: '<f8', bytes: 8, create: (buffer, length) => new Float64Array(buffer, 0, length) },
    i8: { descr: '|i1', bytes: 1, create: (buffer, length) => new Int8Array(buffer, 0, length) },
    i32: { descr: '<i4', bytes: 4, create: (buffer, length) => new Int32Array(buffer, 0, length) },
    i64: { descr: '<i8', bytes: 8, create: (buffer, length) => new BigInt64Array(buffer, 0, length) },
    u8: { descr: '|u1', bytes: 1, create: (buffer, length) => new Uint8Array(buffer, 0, length) },
    bool: { descr: '|b1', bytes: 1, create: (buffer, length) => new Uint8Array(buffer, 0, length) },
};

/** The dtype a `.npy` `descr` stands for (`<u2` reads as `bf16` only when that is expected). */
export function dtypeOfDescr(descr: string, expected?: DType): DType | undefined {
    const normalised = descr.replace(/^=/, '<');
    if (expected !== undefined && dtypeLayouts[expected].descr === normalised) return expected;
    const found = (Object.keys(dtypeLayouts) as DType[]).find(dtype => dtype !== 'bf16' && dtypeLayouts[dtype].descr === normalised);
    return found;
}

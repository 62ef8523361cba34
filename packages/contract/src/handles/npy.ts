import { ArtifactFormatError } from './artifact-errors.js';
import { type DType, dtypeLayouts, dtypeOfDescr, type TensorArrays } from './dtypes.js';

/** A tensor as a `.npy` file holds it: elements in C order. */
export interface NpyContent {
    readonly dtype: DType;
    readonly shape: readonly number[];
    readonly data: TensorArrays[DType];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const HEADER_ALIGNMENT = 64;

/** Encodes a tensor as a `.npy` (format 1.0) file. */
export function encodeNpy(content: NpyContent): Uint8Array {
    const layout = dtypeLayouts[content.dtype];
    const shape = content.shape.length === 1 ? `(${content.shape[0]},)` : `(${content.shape.join(', ')})`;
    let header = `{'descr': '${layout.descr}', 'fortran_order': False, 'shape': ${shape}, }`;
    // Magic (6) + version (2) + length (2) + header + "\n", padded with spaces to the alignment.
    const unpadded = MAGIC.length + 4 + header.length + 1;
    header += ' '.repeat((HEADER_ALIGNMENT - (unpadded % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT) + '\n';
    const body = new Uint8Array(content.data.buffer, content.data.byteOffset, content.data.byteLength);
    const bytes = new Uint8Array(MAGIC.length + 4 + header.length + body.byteLength);
    bytes.set(MAGIC, 0);
    bytes[6] = 1;
    bytes[7] = 0;
    new DataView(bytes.buffer).setUint16(8, header.length, true);
    for (let index = 0; index < header.length; index++) bytes[10 + index] = header.charCodeAt(index);
    bytes.set(body, 10 + header.length);
    return bytes;
}

/**
 * Decodes a `.npy` file (format 1.x, 2.x or 3.x, little-endian, C order). `expected` is the
 * dtype the caller wants; it is needed to read `bf16`, which numpy cannot name.
 */
export function decodeNpy(bytes: Uint8Array, source: string, expected?: DType): NpyContent {
    if (bytes.length < 10 || MAGIC.some((byte, index) => bytes[index] !== byte)) {
        throw new ArtifactFormatError(source, 'is not a .npy file (no magic number)');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const major = bytes[6]!;
    const headerStart = major === 1 ? 10 : 12;
    const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
    const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
    const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
    const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
    const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
    if (descr === undefined || fortran === undefined || shapeText === undefined) {
        throw new ArtifactFormatError(source, `has a malformed .npy header: ${header.trim()}`);
    }
    if (fortran === 'True') throw new ArtifactFormatError(source, 'is in Fortran order; only C order is read');
    const dtype = dtypeOfDescr(descr, expected);
    if (dtype === undefined) throw new ArtifactFormatError(source, `has the unsupported element type ${descr}`);
    if (expected !== undefined && dtype !== expected) {
        throw new ArtifactFormatError(source, `holds ${dtype} elements, not ${expected}`);
    }
    const shape = shapeText.split(',').map(part => part.trim()).filter(part => part !== '').map(Number);
    const length = shape.reduce((product, dimension) => product * dimension, 1);
    const layout = dtypeLayouts[dtype];
    const start = headerStart + headerLength;
    if (bytes.length - start < length * layout.bytes) {
        throw new ArtifactFormatError(source, `is too short for shape (${shape.join(', ')})`);
    }
    // Copy the body: a typed array needs an offset aligned to its element size.
    const body = bytes.slice(start, start + length * layout.bytes);
    return { dtype, shape, data: layout.create(body.buffer, length) };
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type DType, type TensorData } from './dtypes.js';
import { decodeNpy, encodeNpy } from './npy.js';
import { WeftError } from '../errors/weft-error.js';

/** A tensor's dimensions; generated code narrows it to a tuple (`readonly [number, 64]`). */
export type Shape = readonly number[];

/** A tensor whose element count does not match its shape. */
export class ShapeError extends WeftError {
    static override readonly fault = 'step';
    static override readonly code = 'tensor-shape';

    constructor(readonly shape: Shape, readonly length: number) {
        super(`a tensor of shape [${shape.join(', ')}] needs ${elementCount(shape)} elements, not ${length}`);
        this.name = 'ShapeError';
    }
}

/**
 * A handle on a `Tensor<DType, [d1, …]>`: its dtype, its shape and its elements in C order.
 * The type parameters follow Weft's: `Tensor<'f32', readonly [number, 64]>` is a matrix of
 * 64 columns; a shape written as a literal array keeps its literal dimensions.
 */
export class Tensor<D extends DType, const S extends Shape = Shape> {
    constructor(readonly dtype: D, readonly shape: S, readonly data: TensorData<D>) {
        if (data.length !== elementCount(shape)) throw new ShapeError(shape, data.length);
    }

    /** Reads a `.npy` file. Pass `dtype` to insist on an element type (and to read `bf16`). */
    static async readNpy<D extends DType, S extends Shape = Shape>(file: string, dtype?: D): Promise<Tensor<D, S>> {
        const content = decodeNpy(new Uint8Array(await fs.readFile(file)), file, dtype);
        return new Tensor(content.dtype as D, content.shape as unknown as S, content.data as TensorData<D>);
    }

    /** Writes the tensor as a `.npy` file (creating its folder). */
    async writeNpy(file: string): Promise<void> {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, encodeNpy(this));
    }
}

function elementCount(shape: Shape): number {
    return shape.reduce((product, dimension) => product * dimension, 1);
}

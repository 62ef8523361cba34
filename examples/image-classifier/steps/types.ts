// The TypeScript side of the Weft types in ../vision.weft and ../digits.weft, and the calling
// convention every step here follows (README.md, "Step implementations"):
//   - a step is `async (inputs, ctx) => outputs`; `inputs` has one property per parameter,
//     the result one property per output;
//   - a `Dataset<T>` is the runtime's `Dataset<T>` handle on a JSON Lines file (`readAll()`);
//     a `Model<In, Out>` is a `Model` handle on a JSON file (`readJson()`, `Model.writeJson(file, value)`);
//   - a `Tensor<D, [d1, …, dn]>` is the runtime's `Tensor` (`dtype`, `shape`, `data` a typed
//     array in row-major order), made with `new Tensor(dtype, shape, data)`;
//   - `Metrics` is a plain object of numbers; `int` and `float` are numbers;
//   - `ctx` is the runtime's `StepContext`; a step writes its files under `ctx.workDir`.
import type { Model, Tensor } from '@weft/runtime';

export type { StepContext } from '@weft/runtime';

/** `type Digit = 0 | 1 | … | 9` */
export type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const classCount = 10;
/** Pixels of one flattened 8×8 image. */
export const featureCount = 64;

/** `type Split = "train" | "validation" | "test"` */
export type Split = 'train' | 'validation' | 'test';

/** `type Image = { id: string, label: Digit, pixels: int[], split: Split, writer?: string }` */
export interface Image {
    readonly id: string;
    readonly label: Digit;
    /** 64 intensities from 0 to 16, row by row. */
    readonly pixels: readonly number[];
    readonly split: Split;
    readonly writer?: string;
}

/** `type Batch<N> = Tensor<f32, [N, 64]>` */
export type Batch = Tensor<'f32'>;
/** `type Labels<N> = Tensor<i32, [N]>` */
export type Labels = Tensor<'i32'>;
/** `type Scores<N> = Tensor<f32, [N, 10]>` */
export type Scores = Tensor<'f32'>;

/** `type DigitModel = Model<Batch<_>, Scores<_>>`: a handle on a stored {@link LinearModel}. */
export type DigitModel = Model<Batch, Scores>;

/**
 * What a `DigitModel` stores: a linear classifier, scores = x · Wᵀ + b;
 * a softmax over the scores gives class probabilities.
 */
export interface LinearModel {
    readonly kind: 'linear';
    readonly classes: number;
    readonly features: number;
    /** `classes × features`, row-major. */
    readonly weights: readonly number[];
    readonly bias: readonly number[];
    readonly description?: string;
}

/** `Metrics`: named metric values. */
export type Metrics = Readonly<Record<string, number>>;

/** Checks that a tensor has the shape its Weft type promises; the runtime checks only that it is a tensor. */
export function expectShape(name: string, tensor: { readonly shape: readonly number[], readonly data: ArrayLike<unknown> }, shape: readonly number[]): void {
    const same = tensor.shape.length === shape.length && tensor.shape.every((dimension, index) => dimension === shape[index]);
    const size = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    if (!same || tensor.data.length !== size) {
        throw new Error(`${name}: expected shape [${shape.join(', ')}], got [${tensor.shape.join(', ')}] with ${tensor.data.length} elements`);
    }
}

import { Tensor } from '@weft/runtime';
import { expectShape, featureCount, type Batch } from './types.ts';

export interface NormaliseInputs {
    readonly x: Batch;
}

export interface NormaliseOutputs {
    /** Same shape as `x`. */
    readonly normalised: Batch;
}

/**
 * Centres one image on its mean intensity and scales it to unit length, so that stroke
 * thickness and brightness matter less than shape. Needs no statistics of a training set,
 * so every split (and the baseline model) sees the same transformation.
 */
export function normaliseRow(row: Float32Array): Float32Array {
    const mean = row.reduce((total, value) => total + value, 0) / row.length;
    const centred = row.map(value => value - mean);
    const norm = Math.hypot(...centred);
    return norm === 0 ? centred : centred.map(value => value / norm);
}

/** `step normalise<N>`: per-image contrast normalisation of a `[N, 64]` batch. */
export async function normalise(inputs: NormaliseInputs): Promise<NormaliseOutputs> {
    const rows = inputs.x.shape[0] ?? 0;
    expectShape('normalise: x', inputs.x, [rows, featureCount]);
    const data = new Float32Array(inputs.x.data.length);
    for (let row = 0; row < rows; row++) {
        const start = row * featureCount;
        data.set(normaliseRow(inputs.x.data.subarray(start, start + featureCount)), start);
    }
    return { normalised: new Tensor('f32', [rows, featureCount], data) };
}

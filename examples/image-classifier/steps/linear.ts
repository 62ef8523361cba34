import { Tensor } from '@weft/runtime';
import { classCount, featureCount, type Batch, type LinearModel, type Scores } from './types.ts';

/** Class scores x · Wᵀ + b for every row of `x`: a `[N, 10]` tensor. */
export function scores(model: LinearModel, x: Batch): Scores {
    const rows = x.shape[0] ?? 0;
    const data = new Float32Array(rows * model.classes);
    for (let row = 0; row < rows; row++) {
        for (let label = 0; label < model.classes; label++) {
            let total = model.bias[label]!;
            for (let feature = 0; feature < model.features; feature++) {
                total += model.weights[label * model.features + feature]! * x.data[row * model.features + feature]!;
            }
            data[row * model.classes + label] = total;
        }
    }
    return new Tensor('f32', [rows, model.classes], data);
}

/** The index of the largest value of each row of a `[N, C]` tensor. */
export function argmax(scored: Scores): number[] {
    const [rows = 0, columns = 0] = scored.shape;
    return Array.from({ length: rows }, (_, row) => {
        let best = 0;
        for (let column = 1; column < columns; column++) {
            if (scored.data[row * columns + column]! > scored.data[row * columns + best]!) best = column;
        }
        return best;
    });
}

/** Softmax of a score vector, shifted by its maximum for numerical stability. */
export function softmax(values: ArrayLike<number>): number[] {
    const max = Math.max(...Array.from(values));
    const exps = Array.from(values, value => Math.exp(value - max));
    const sum = exps.reduce((total, value) => total + value, 0);
    return exps.map(value => value / sum);
}

/** An untrained model: all weights zero. */
export function zeroModel(): LinearModel {
    return { kind: 'linear', classes: classCount, features: featureCount, weights: new Array(classCount * featureCount).fill(0), bias: new Array(classCount).fill(0) };
}

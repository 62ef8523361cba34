import * as path from 'node:path';
import { Model } from '@weft/runtime';
import { argmax, scores, softmax } from './linear.ts';
import { expectShape, featureCount, type Batch, type DigitModel, type Labels, type LinearModel, type Scores, type StepContext } from './types.ts';

export interface TrainInputs {
    readonly x: Batch;
    readonly y: Labels;
    readonly validX: Batch;
    readonly validY: Labels;
    /** The weights to start from. */
    readonly init: DigitModel;
    readonly epochs: number;
    readonly lr: number;
    readonly batch: number;
    readonly l2: number;
    /** Seeds the shuffling of the training rows, so that runs are reproducible. */
    readonly seed: number;
}

export interface TrainOutputs {
    /** The weights of the epoch with the best validation accuracy. */
    readonly model: DigitModel;
    /** Mean cross-entropy on the training rows after that epoch. */
    readonly loss: number;
    readonly validAccuracy: number;
}

/** A seeded generator (mulberry32), for a reproducible shuffle. */
function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function accuracy(model: LinearModel, x: Batch, y: Labels): number {
    const predicted = argmax(scores(model, x));
    return predicted.filter((label, row) => label === y.data[row]).length / Math.max(1, predicted.length);
}

function crossEntropy(model: LinearModel, x: Batch, y: Labels): number {
    const scored = scores(model, x);
    let total = 0;
    for (let row = 0; row < y.data.length; row++) {
        const probabilities = softmax(scored.data.subarray(row * model.classes, (row + 1) * model.classes));
        total -= Math.log(Math.max(1e-12, probabilities[y.data[row]!]!));
    }
    return total / Math.max(1, y.data.length);
}

/** The hyper-parameters of {@link fitSoftmax}: the step's inputs other than the data. */
export type TrainOptions = Pick<TrainInputs, 'epochs' | 'lr' | 'batch' | 'l2' | 'seed'>;

/** `step train<N, M>`: fits from the stored `init` (see {@link fitSoftmax}) and stores the result as JSON. */
export async function train(inputs: TrainInputs, ctx: StepContext): Promise<TrainOutputs> {
    const fitted = fitSoftmax(inputs.x, inputs.y, inputs.validX, inputs.validY, await inputs.init.readJson<LinearModel>(), inputs);
    ctx.logger.info(`trained ${inputs.epochs} epochs; best validation accuracy ${fitted.validAccuracy.toFixed(3)}, loss ${fitted.loss.toFixed(3)}`);
    const model = await Model.writeJson<Batch, Scores>(path.join(ctx.workDir, 'model.json'), fitted.model);
    return { model, loss: fitted.loss, validAccuracy: fitted.validAccuracy };
}

/**
 * Multinomial logistic regression (a softmax classifier) trained with
 * mini-batch gradient descent and L2 weight decay; keeps the epoch that does best on the
 * validation rows. Needs `N % batch == 0` (the step's `where` clause): full batches only. The pure
 * core of `step train`.
 */
export function fitSoftmax(x: Batch, y: Labels, validX: Batch, validY: Labels, init: LinearModel, options: TrainOptions): { model: LinearModel, loss: number, validAccuracy: number } {
    const inputs = { x, y, validX, validY, init, epochs: options.epochs, lr: options.lr, batch: options.batch, l2: options.l2, seed: options.seed };
    const rows = inputs.x.shape[0] ?? 0;
    expectShape('train: x', inputs.x, [rows, featureCount]);
    expectShape('train: y', inputs.y, [rows]);
    expectShape('train: validX', inputs.validX, [inputs.validY.shape[0] ?? 0, featureCount]);
    if (inputs.batch < 1 || rows % inputs.batch !== 0) throw new Error(`train: ${rows} rows do not split into batches of ${inputs.batch}`);

    const { classes, features } = inputs.init;
    const weights = Float64Array.from(inputs.init.weights);
    const bias = Float64Array.from(inputs.init.bias);
    const snapshot = (): LinearModel => ({ kind: 'linear', classes, features, weights: Array.from(weights), bias: Array.from(bias) });
    let best = { model: snapshot(), validAccuracy: accuracy(snapshot(), inputs.validX, inputs.validY) };

    const random = seededRandom(inputs.seed);
    const order = Array.from({ length: rows }, (_, row) => row);
    for (let epoch = 0; epoch < inputs.epochs; epoch++) {
        for (let index = rows - 1; index > 0; index--) {
            const other = Math.floor(random() * (index + 1));
            [order[index], order[other]] = [order[other]!, order[index]!];
        }
        for (let start = 0; start < rows; start += inputs.batch) {
            const gradW = new Float64Array(weights.length);
            const gradB = new Float64Array(classes);
            for (const row of order.slice(start, start + inputs.batch)) {
                const input = inputs.x.data.subarray(row * features, (row + 1) * features);
                const logits = Array.from({ length: classes }, (_, label) => {
                    let total = bias[label]!;
                    for (let feature = 0; feature < features; feature++) total += weights[label * features + feature]! * input[feature]!;
                    return total;
                });
                const probabilities = softmax(logits);
                for (let label = 0; label < classes; label++) {
                    const error = probabilities[label]! - (label === inputs.y.data[row] ? 1 : 0);
                    gradB[label]! += error;
                    for (let feature = 0; feature < features; feature++) gradW[label * features + feature]! += error * input[feature]!;
                }
            }
            const step = inputs.lr / inputs.batch;
            for (let index = 0; index < weights.length; index++) weights[index]! -= step * gradW[index]! + inputs.lr * inputs.l2 * weights[index]!;
            for (let label = 0; label < classes; label++) bias[label]! -= step * gradB[label]!;
        }
        const current = snapshot();
        const validAccuracy = accuracy(current, inputs.validX, inputs.validY);
        if (validAccuracy > best.validAccuracy) best = { model: current, validAccuracy };
    }
    const loss = crossEntropy(best.model, inputs.x, inputs.y);
    return { model: { ...best.model, description: `softmax regression, ${inputs.epochs} epochs, lr ${inputs.lr}` }, loss, validAccuracy: best.validAccuracy };
}

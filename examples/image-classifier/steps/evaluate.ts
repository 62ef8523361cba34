import { Tensor } from '@weft/runtime';
import { argmax, scores } from './linear.ts';
import { classCount, expectShape, featureCount, type Batch, type DigitModel, type Labels, type LinearModel, type Metrics } from './types.ts';

export interface EvaluateInputs {
    readonly model: DigitModel;
    readonly x: Batch;
    readonly y: Labels;
}

export interface EvaluateOutputs {
    /** `accuracy`, `macroF1`, `examples`. */
    readonly metrics: Metrics;
    /** `Tensor<i32, [10, 10]>`: row = true digit, column = predicted digit. */
    readonly confusion: Tensor<'i32'>;
}

/** `step evaluate<N>`: accuracy, macro-averaged F1 and the confusion matrix. */
export async function evaluate(inputs: EvaluateInputs): Promise<EvaluateOutputs> {
    return scoreModel(await inputs.model.readJson<LinearModel>(), inputs.x, inputs.y);
}

/** Accuracy, macro-averaged F1 and the confusion matrix of `model` on `x`, `y`; the pure core of the step. */
export function scoreModel(model: LinearModel, x: Batch, y: Labels): EvaluateOutputs {
    const rows = y.shape[0] ?? 0;
    expectShape('evaluate: x', x, [rows, featureCount]);
    const predicted = argmax(scores(model, x));
    const confusion = new Int32Array(classCount * classCount);
    predicted.forEach((label, row) => { confusion[y.data[row]! * classCount + label]! += 1; });
    let correct = 0, f1Total = 0;
    for (let label = 0; label < classCount; label++) {
        const truePositives = confusion[label * classCount + label]!;
        let actual = 0, guessed = 0;
        for (let other = 0; other < classCount; other++) {
            actual += confusion[label * classCount + other]!;
            guessed += confusion[other * classCount + label]!;
        }
        correct += truePositives;
        f1Total += actual + guessed === 0 ? 0 : (2 * truePositives) / (actual + guessed);
    }
    return {
        metrics: { accuracy: correct / Math.max(1, rows), macroF1: f1Total / classCount, examples: rows },
        confusion: new Tensor('i32', [classCount, classCount], confusion),
    };
}

import type { Dataset } from '@weft/runtime';
import { predict } from './train.ts';
import type { Classifier, Metrics, NaiveBayesModel, Tokens } from './types.ts';

export interface EvaluateInputs {
    readonly model: Classifier;
    readonly data: Dataset<Tokens>;
}

export interface EvaluateOutputs {
    /** `accuracy`, `precision`, `recall` and `f1` (for `pos`), `macroF1`, `examples`. */
    readonly metrics: Metrics;
}

/** `step evaluate`: scores the model on the `test` split. */
export async function evaluate(inputs: EvaluateInputs): Promise<EvaluateOutputs> {
    return { metrics: scoreModel(await inputs.model.readJson<NaiveBayesModel>(), await inputs.data.readAll()) };
}

/** Accuracy and friends of `model` on the `test` split of `data`; the pure core of the step. */
export function scoreModel(model: NaiveBayesModel, data: readonly Tokens[]): Metrics {
    const examples = data.filter(example => example.split === 'test');
    if (examples.length === 0) throw new Error('evaluate: the data has no records in the "test" split');
    let truePos = 0, falsePos = 0, trueNeg = 0, falseNeg = 0;
    for (const example of examples) {
        const predicted = predict(model, example.tokens).label;
        if (predicted === 'pos') example.label === 'pos' ? truePos++ : falsePos++;
        else example.label === 'neg' ? trueNeg++ : falseNeg++;
    }
    const f1 = (tp: number, fp: number, fn: number): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
    const f1Pos = f1(truePos, falsePos, falseNeg);
    const f1Neg = f1(trueNeg, falseNeg, falsePos);
    return {
        accuracy: (truePos + trueNeg) / examples.length,
        precision: truePos + falsePos === 0 ? 0 : truePos / (truePos + falsePos),
        recall: truePos + falseNeg === 0 ? 0 : truePos / (truePos + falseNeg),
        f1: f1Pos,
        macroF1: (f1Pos + f1Neg) / 2,
        examples: examples.length,
    };
}

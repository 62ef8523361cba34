import * as path from 'node:path';
import { type Dataset, Model } from '@weft/runtime';
import type { Classifier, Label, Metrics, NaiveBayesModel, StepContext, Tokens } from './types.ts';
import { labels } from './types.ts';

export interface TrainInputs {
    readonly data: Dataset<Tokens>;
    /** Additive (Laplace) smoothing. */
    readonly alpha: number;
    /** Tokens seen fewer times than this in the training split are ignored. */
    readonly minCount: number;
}

export interface TrainOutputs {
    readonly model: Classifier;
    readonly metrics: Metrics;
}

/** `step train`: fits a multinomial naive Bayes classifier on the `train` split and stores it as JSON. */
export async function train(inputs: TrainInputs, ctx: StepContext): Promise<TrainOutputs> {
    const { model, metrics } = fitNaiveBayes(await inputs.data.readAll(), inputs.alpha, inputs.minCount);
    ctx.logger.info(`trained on ${metrics.examples} reviews, ${metrics.vocabulary} tokens`);
    return { model: await Model.writeJson<Tokens, Label>(path.join(ctx.workDir, 'model.json'), model), metrics };
}

/** Fits the classifier on the `train` split of `data`; the pure core of the step. */
export function fitNaiveBayes(data: readonly Tokens[], alpha: number, minCount: number): { model: NaiveBayesModel, metrics: Metrics } {
    const examples = data.filter(example => example.split === 'train');
    if (examples.length === 0) throw new Error('train: the data has no records in the "train" split');
    const totals = new Map<string, number>();
    for (const example of examples) {
        for (const token of example.tokens) totals.set(token, (totals.get(token) ?? 0) + 1);
    }
    const vocabulary = [...totals.keys()].filter(token => totals.get(token)! >= minCount).sort();
    const known = new Set(vocabulary);

    const logPriors = {} as Record<Label, number>;
    const logLikelihoods = {} as Record<Label, Record<string, number>>;
    const logUnseen = {} as Record<Label, number>;
    for (const label of labels) {
        const ofLabel = examples.filter(example => example.label === label);
        const counts = new Map<string, number>();
        let tokenCount = 0;
        for (const example of ofLabel) {
            for (const token of example.tokens) {
                if (!known.has(token)) continue;
                counts.set(token, (counts.get(token) ?? 0) + 1);
                tokenCount++;
            }
        }
        const denominator = Math.log(tokenCount + alpha * (vocabulary.length + 1));
        logPriors[label] = Math.log((ofLabel.length + 1) / (examples.length + labels.length));
        logLikelihoods[label] = Object.fromEntries(vocabulary.map(token =>
            [token, Math.log((counts.get(token) ?? 0) + alpha) - denominator]));
        logUnseen[label] = Math.log(alpha) - denominator;
    }
    return {
        model: { kind: 'naive-bayes', labels, logPriors, logLikelihoods, logUnseen },
        metrics: { examples: examples.length, vocabulary: vocabulary.length },
    };
}

/** The most likely label of a token list, and the log-odds of `pos` over `neg`. */
export function predict(model: NaiveBayesModel, tokens: readonly string[]): { label: Label, logOdds: number } {
    const score = (label: Label): number => {
        const likelihoods = model.logLikelihoods[label];
        let total = model.logPriors[label];
        for (const token of tokens) total += likelihoods[token] ?? model.logUnseen[label];
        return total;
    };
    const logOdds = score('pos') - score('neg');
    return { label: logOdds >= 0 ? 'pos' : 'neg', logOdds };
}

// The TypeScript side of the Weft types in ../text.weft and ../sentiment.weft, and the calling
// convention every step here follows (README.md, "Step implementations"):
//   - a step is `async (inputs, ctx) => outputs`; `inputs` has one property per parameter,
//     the result one property per output;
//   - a `Dataset<T>` is the runtime's `Dataset<T>` handle on a JSON Lines file (`readAll()`,
//     `Dataset.write(file, records)`); a `Model<In, Out>` is a `Model` handle on a JSON file;
//   - `Metrics` and `Map<string, T>` are plain objects; `int` and `float` are numbers.
import type { Model } from '@weft/runtime';

export type { StepContext } from '@weft/runtime';

/** `type Label = "pos" | "neg"` */
export type Label = 'pos' | 'neg';

export const labels: readonly Label[] = ['pos', 'neg'];

/** `type Split = "train" | "test"` */
export type Split = 'train' | 'test';

/** `type Review = { id: string, text: string, label: Label, split: Split, rating?: int }` */
export interface Review {
    readonly id: string;
    readonly text: string;
    readonly label: Label;
    readonly split: Split;
    readonly rating?: number;
}

/** `type Tokens = { id: string, tokens: string[], label: Label, split: Split }` */
export interface Tokens {
    readonly id: string;
    readonly tokens: readonly string[];
    readonly label: Label;
    readonly split: Split;
}

/** `Model<Tokens, Label>`: a multinomial naive Bayes classifier, stored as log probabilities. */
export interface NaiveBayesModel {
    readonly kind: 'naive-bayes';
    readonly labels: readonly Label[];
    /** log P(label) */
    readonly logPriors: Readonly<Record<Label, number>>;
    /** log P(token | label) for every token of the vocabulary. */
    readonly logLikelihoods: Readonly<Record<Label, Readonly<Record<string, number>>>>;
    /** log P(token | label) for a token never seen with that label. */
    readonly logUnseen: Readonly<Record<Label, number>>;
}

/** `Metrics`: named metric values. */
export type Metrics = Readonly<Record<string, number>>;

/** `type Classifier = Model<Tokens, Label>`: a handle on a stored {@link NaiveBayesModel}. */
export type Classifier = Model<Tokens, Label>;

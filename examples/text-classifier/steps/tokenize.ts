import * as path from 'node:path';
import { Dataset } from '@weft/runtime';
import type { Review, StepContext, Tokens } from './types.ts';

export interface TokenizeInputs {
    readonly reviews: Dataset<Review>;
    readonly maxLen: number;
    readonly bigrams: boolean;
}

export interface TokenizeOutputs {
    readonly tokens: Dataset<Tokens>;
    /** How many distinct tokens the reviews contain. */
    readonly vocabulary: number;
}

// Words that carry no sentiment; "not" and "never" stay because they flip it.
const stopWords = new Set(['a', 'an', 'the', 'this', 'it', 'is', 'and', 'for', 'my', 'of', 'to', 'in', 'i', 'as', 'was', 'out']);

/** Lower-case words of a text, without punctuation and stop words. */
export function words(text: string): string[] {
    return text.toLowerCase().split(/[^a-z0-9']+/).filter(word => word !== '' && !stopWords.has(word));
}

/** Words, plus adjacent-word bigrams ("not_great") when `bigrams` is set; the pure core of the step. */
export function tokenizeReviews(reviews: readonly Review[], maxLen: number, bigrams: boolean): { tokens: Tokens[], vocabulary: number } {
    const vocabulary = new Set<string>();
    const tokens = reviews.map(review => {
        const unigrams = words(review.text).slice(0, maxLen);
        const all = bigrams
            ? [...unigrams, ...unigrams.slice(1).map((word, index) => `${unigrams[index]}_${word}`)]
            : unigrams;
        for (const token of all) vocabulary.add(token);
        return { id: review.id, tokens: all, label: review.label, split: review.split };
    });
    return { tokens, vocabulary: vocabulary.size };
}

/** `step tokenize`: reads the reviews, writes the tokens as a JSON Lines dataset. */
export async function tokenize(inputs: TokenizeInputs, ctx: StepContext): Promise<TokenizeOutputs> {
    const { tokens, vocabulary } = tokenizeReviews(await inputs.reviews.readAll(), inputs.maxLen, inputs.bigrams);
    ctx.logger.info(`tokenized ${tokens.length} reviews`, { vocabulary });
    return { tokens: await Dataset.write(path.join(ctx.workDir, 'tokens.jsonl'), tokens), vocabulary };
}

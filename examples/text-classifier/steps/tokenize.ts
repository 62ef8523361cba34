import type { Review, Tokens } from './types.ts';

export interface TokenizeInputs {
    readonly reviews: readonly Review[];
    readonly maxLen: number;
    readonly bigrams: boolean;
}

export interface TokenizeOutputs {
    readonly tokens: Tokens[];
    /** How many distinct tokens the reviews contain. */
    readonly vocabulary: number;
}

// Words that carry no sentiment; "not" and "never" stay because they flip it.
const stopWords = new Set(['a', 'an', 'the', 'this', 'it', 'is', 'and', 'for', 'my', 'of', 'to', 'in', 'i', 'as', 'was', 'out']);

/** Lower-case words of a text, without punctuation and stop words. */
export function words(text: string): string[] {
    return text.toLowerCase().split(/[^a-z0-9']+/).filter(word => word !== '' && !stopWords.has(word));
}

/** `step tokenize`: words, plus adjacent-word bigrams ("not_great") when `bigrams` is set. */
export async function tokenize(inputs: TokenizeInputs): Promise<TokenizeOutputs> {
    const vocabulary = new Set<string>();
    const tokens = inputs.reviews.map(review => {
        const unigrams = words(review.text).slice(0, inputs.maxLen);
        const all = inputs.bigrams
            ? [...unigrams, ...unigrams.slice(1).map((word, index) => `${unigrams[index]}_${word}`)]
            : unigrams;
        for (const token of all) vocabulary.add(token);
        return { id: review.id, tokens: all, label: review.label, split: review.split };
    });
    return { tokens, vocabulary: vocabulary.size };
}

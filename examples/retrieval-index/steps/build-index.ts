import type { Chunk, IndexEntry, RetrievalIndex, Vector } from './types.ts';

export interface BuildIndexInputs {
    readonly chunks: readonly Chunk[];
    readonly vectors: readonly Vector[];
    readonly dims: number;
}

export interface BuildIndexOutputs {
    readonly index: RetrievalIndex;
    /** `chunks`, `documents`, `buckets` (non-empty posting lists), `postings` (their total length). */
    readonly stats: Record<string, number>;
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalise(values: readonly number[]): number[] {
    const norm = Math.hypot(...values);
    return norm === 0 ? [...values] : values.map(value => value / norm);
}

/**
 * `step buildIndex`: weights every chunk vector by the inverse document frequency of its buckets,
 * keeps the non-zero weights, and builds the inverted list that `search` walks.
 */
export async function buildIndex(inputs: BuildIndexInputs): Promise<BuildIndexOutputs> {
    const chunks = new Map(inputs.chunks.map(chunk => [chunk.id, chunk]));
    const frequency = new Array<number>(inputs.dims).fill(0);
    for (const vector of inputs.vectors) {
        if (vector.values.length !== inputs.dims) {
            throw new Error(`buildIndex: vector of ${vector.chunk} has ${vector.values.length} dimensions, expected ${inputs.dims}`);
        }
        vector.values.forEach((value, bucket) => { if (value !== 0) frequency[bucket]! += 1; });
    }
    const count = inputs.vectors.length;
    const idf = frequency.map(df => Math.log((1 + count) / (1 + df)) + 1);
    const entries: IndexEntry[] = [];
    const postings: Record<string, number[]> = {};
    for (const vector of inputs.vectors) {
        const chunk = chunks.get(vector.chunk);
        if (chunk === undefined) throw new Error(`buildIndex: vector for unknown chunk ${vector.chunk}`);
        const weighted = normalise(vector.values.map((value, bucket) => value * idf[bucket]!));
        const weights = weighted.flatMap((weight, bucket) => (weight === 0 ? [] : [[bucket, weight] as const]));
        for (const [bucket] of weights) (postings[bucket] ??= []).push(entries.length);
        entries.push({ chunk: chunk.id, doc: chunk.doc, title: chunk.title, section: chunk.section, weights });
    }
    const buckets = Object.keys(postings).length;
    return {
        index: { kind: 'hashed-bag-of-words', dims: inputs.dims, idf, entries, postings },
        stats: {
            chunks: entries.length,
            documents: new Set(entries.map(entry => entry.doc)).size,
            buckets,
            postings: Object.values(postings).reduce((total, list) => total + list.length, 0),
        },
    };
}

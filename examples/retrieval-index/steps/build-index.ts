import * as path from 'node:path';
import { Model } from '@weft/runtime';
import type { Chunk, Hit, Index, IndexEntry, RetrievalIndex, StepContext, Vector } from './types.ts';

export interface BuildIndexInputs {
    readonly chunks: readonly Chunk[];
    readonly vectors: readonly Vector[];
    readonly dims: number;
}

export interface BuildIndexOutputs {
    /** A handle on the stored {@link RetrievalIndex}. */
    readonly index: Index;
    /** `chunks`, `documents`, `buckets` (non-empty posting lists), `postings` (their total length). */
    readonly stats: Record<string, number>;
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalise(values: readonly number[]): number[] {
    const norm = Math.hypot(...values);
    return norm === 0 ? [...values] : values.map(value => value / norm);
}

/** `step buildIndex`: builds the index (see {@link indexVectors}) and stores it as JSON. */
export async function buildIndex(inputs: BuildIndexInputs, ctx: StepContext): Promise<BuildIndexOutputs> {
    const { index, stats } = indexVectors(inputs.chunks, inputs.vectors, inputs.dims);
    ctx.logger.info(`indexed ${stats.chunks} chunks of ${stats.documents} documents`, stats);
    return { index: await Model.writeJson<string, Hit[]>(path.join(ctx.workDir, 'index.json'), index), stats };
}

/**
 * Weights every chunk vector by the inverse document frequency of its buckets, keeps the
 * non-zero weights, and builds the inverted list that `search` walks; the pure core of the step.
 */
export function indexVectors(chunkList: readonly Chunk[], vectors: readonly Vector[], dims: number): { index: RetrievalIndex, stats: Record<string, number> } {
    const chunks = new Map(chunkList.map(chunk => [chunk.id, chunk]));
    const frequency = new Array<number>(dims).fill(0);
    for (const vector of vectors) {
        if (vector.values.length !== dims) {
            throw new Error(`buildIndex: vector of ${vector.chunk} has ${vector.values.length} dimensions, expected ${dims}`);
        }
        vector.values.forEach((value, bucket) => { if (value !== 0) frequency[bucket]! += 1; });
    }
    const count = vectors.length;
    const idf = frequency.map(df => Math.log((1 + count) / (1 + df)) + 1);
    const entries: IndexEntry[] = [];
    const postings: Record<string, number[]> = {};
    for (const vector of vectors) {
        const chunk = chunks.get(vector.chunk);
        if (chunk === undefined) throw new Error(`buildIndex: vector for unknown chunk ${vector.chunk}`);
        const weighted = normalise(vector.values.map((value, bucket) => value * idf[bucket]!));
        const weights = weighted.flatMap((weight, bucket) => (weight === 0 ? [] : [[bucket, weight] as const]));
        for (const [bucket] of weights) (postings[bucket] ??= []).push(entries.length);
        entries.push({ chunk: chunk.id, doc: chunk.doc, title: chunk.title, section: chunk.section, weights });
    }
    const buckets = Object.keys(postings).length;
    return {
        index: { kind: 'hashed-bag-of-words', dims, idf, entries, postings },
        stats: {
            chunks: entries.length,
            documents: new Set(entries.map(entry => entry.doc)).size,
            buckets,
            postings: Object.values(postings).reduce((total, list) => total + list.length, 0),
        },
    };
}

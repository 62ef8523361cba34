import { normalise } from './build-index.ts';
import { hashedVector } from './embed.ts';
import type { Hit, Index, RetrievalIndex } from './types.ts';

export interface SearchInputs {
    readonly index: Index;
    readonly query: string;
    readonly k: number;
}

export interface SearchOutputs {
    readonly hits: Hit[];
}

/**
 * The `k` chunks most similar to `query` (cosine similarity of idf-weighted vectors). Only
 * chunks that share a bucket with the query are scored: the inverted list finds them. The pure
 * core of `search` and `evaluate`.
 */
export function topK(index: RetrievalIndex, query: string, k: number): Hit[] {
    const weighted = normalise(hashedVector(query, index.dims).map((value, bucket) => value * index.idf[bucket]!));
    const candidates = new Set<number>();
    weighted.forEach((weight, bucket) => {
        if (weight === 0) return;
        for (const entry of index.postings[bucket] ?? []) candidates.add(entry);
    });
    const hits: Hit[] = [];
    for (const entryIndex of candidates) {
        const entry = index.entries[entryIndex]!;
        let score = 0;
        for (const [bucket, value] of entry.weights) score += value * weighted[bucket]!;
        hits.push({ chunk: entry.chunk, doc: entry.doc, title: entry.title, score, section: entry.section });
    }
    return hits.sort((a, b) => b.score - a.score || a.chunk.localeCompare(b.chunk)).slice(0, k);
}

/** `step search`: the top `k` hits for one query. */
export async function search(inputs: SearchInputs): Promise<SearchOutputs> {
    return { hits: topK(await inputs.index.readJson<RetrievalIndex>(), inputs.query, inputs.k) };
}

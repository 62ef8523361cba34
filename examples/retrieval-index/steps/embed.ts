import type { Chunk, Vector } from './types.ts';

export interface EmbedInputs {
    readonly chunk: Chunk;
    readonly dims: number;
}

export interface EmbedOutputs {
    readonly vector: Vector;
}

const stopWords = new Set([
    'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'is', 'it', 'its', 'at', 'by', 'be',
    'do', 'does', 'not', 'that', 'this', 'when', 'what', 'how', 'my', 'i', 'you', 'your', 'should', 'can',
    'so', 'as', 'from', 'are', 'too', 'than', 'then', 'them', 'they', 'their', 'if', 'into', 'only',
]);

/** Lower-case word stems: stop words dropped, common suffixes cut so that "feeding" meets "feed". */
export function terms(text: string): string[] {
    return text.toLowerCase().split(/[^a-z0-9]+/)
        .filter(word => word.length > 1 && !stopWords.has(word))
        .map(stem);
}

function stem(word: string): string {
    for (const suffix of ['ing', 'ed', 'es', 's', 'e']) {
        if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, word.length - suffix.length);
    }
    return word;
}

/** FNV-1a, 32 bits: a stable hash with no dependency. */
export function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index++) {
        hash ^= text.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash;
}

/** A text's hashed bag of words: `log(1 + count)` per bucket, scaled to unit length. */
export function hashedVector(text: string, dims: number): number[] {
    const counts = new Array<number>(dims).fill(0);
    for (const term of terms(text)) counts[fnv1a(term) % dims]! += 1;
    const values = counts.map(count => Math.log1p(count));
    const norm = Math.hypot(...values);
    return norm === 0 ? values : values.map(value => value / norm);
}

/** `step embed`: one chunk's vector. The pipeline fans it out over all chunks. */
export async function embed(inputs: EmbedInputs): Promise<EmbedOutputs> {
    return { vector: { chunk: inputs.chunk.id, values: hashedVector(inputs.chunk.text, inputs.dims) } };
}

// The TypeScript side of the Weft types in ../embedding.weft and ../handbook.weft, and the
// calling convention every step here follows (README.md, "Step implementations"):
//   - a step is `async (inputs, ctx) => outputs`; `inputs` has one property per parameter,
//     the result one property per output;
//   - a `Dataset<T>` is the runtime's `Dataset<T>` handle on a JSON Lines file (`readAll()`,
//     `Dataset.write(file, records)`); a `Model<In, Out>` is a `Model` handle on a JSON file
//     (`readJson()`, `Model.writeJson(file, value)`);
//   - `Metrics` and `Map<string, T>` are plain objects; `T[]` is an array; `int`/`float` numbers;
//   - `ctx` is the runtime's `StepContext`; a step writes its files under `ctx.workDir`.
import type { Model } from '@weft/runtime';

export type { StepContext } from '@weft/runtime';

/** `type Document = { id: string, title: string, text: string, path?: string }` */
export interface Document {
    readonly id: string;
    readonly title: string;
    readonly text: string;
    readonly path?: string;
}

/** `type Chunk = { id: string, doc: string, title: string, section?: string, text: string }` */
export interface Chunk {
    readonly id: string;
    readonly doc: string;
    readonly title: string;
    readonly section?: string;
    readonly text: string;
}

/** `type Vector = { chunk: string, values: float[] }`: dense, L2-normalised. */
export interface Vector {
    readonly chunk: string;
    readonly values: readonly number[];
}

/** `type Hit = { chunk: string, doc: string, title: string, score: float, section?: string }` */
export interface Hit {
    readonly chunk: string;
    readonly doc: string;
    readonly title: string;
    readonly score: number;
    readonly section?: string;
}

/** `type Question = { query: string, expected: string }`: `expected` is a document id. */
export interface Question {
    readonly query: string;
    readonly expected: string;
}

/** `type Index = Model<string, Hit[]>`: a handle on a stored {@link RetrievalIndex}. */
export type Index = Model<string, Hit[]>;

/**
 * What an `Index` stores: chunk vectors re-weighted by inverse document frequency,
 * stored sparsely, with an inverted list from each hash bucket to the chunks that use it.
 */
export interface RetrievalIndex {
    readonly kind: 'hashed-bag-of-words';
    readonly dims: number;
    /** The weight of each bucket: smooth inverse document frequency over the chunks. */
    readonly idf: readonly number[];
    readonly entries: readonly IndexEntry[];
    /** bucket → indices into `entries` whose vector is non-zero there. */
    readonly postings: Readonly<Record<string, readonly number[]>>;
}

export interface IndexEntry {
    readonly chunk: string;
    readonly doc: string;
    readonly title: string;
    readonly section?: string;
    /** The non-zero buckets of the weighted, normalised vector, as `[bucket, weight]`. */
    readonly weights: readonly (readonly [number, number])[];
}

/** `Metrics`: named metric values. */
export type Metrics = Readonly<Record<string, number>>;

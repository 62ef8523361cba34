// Runs the steps of handbook.weft end to end on the shipped corpus, fanning `embed` out with a
// concurrency limit as the pipeline's `for … concurrency workers` does, and checks the results.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildIndex } from './build-index.ts';
import { chunk, sections } from './chunk.ts';
import { embed, hashedVector, terms } from './embed.ts';
import { evaluate } from './evaluate.ts';
import { load } from './load.ts';
import { search } from './search.ts';
import type { Question, StepContext, Vector } from './types.ts';

const ctx: StepContext = { baseDir: fileURLToPath(new URL('..', import.meta.url)), log: () => {} };
const questions: Question[] = (await readFile(new URL('../data/questions.jsonl', import.meta.url), 'utf8'))
    .trim().split('\n').map(line => JSON.parse(line) as Question);

/** Maps `run` over `items` with at most `limit` calls in flight, keeping the order of `items`. */
async function fanOut<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<{ results: R[], peak: number }> {
    const results = new Array<R>(items.length);
    let next = 0, inFlight = 0, peak = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            peak = Math.max(peak, ++inFlight);
            results[index] = await run(items[index]!);
            inFlight--;
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return { results, peak };
}

/** The pipeline `indexHandbook` with its defaults, step by step. */
async function indexHandbook(dims = 256) {
    const docs = await load({ folder: 'corpus', extensions: ['.md'] }, ctx);
    const parts = await chunk({ documents: docs.documents, size: 40, overlap: 10 });
    const fanned = await fanOut(parts.chunks, 4, async c => {
        await new Promise(resolve => setTimeout(resolve, 1)); // let the calls overlap
        return (await embed({ chunk: c, dims })).vector;
    });
    const built = await buildIndex({ chunks: parts.chunks, vectors: fanned.results, dims });
    return { docs, parts, vectors: fanned.results, peak: fanned.peak, built };
}

describe('load and chunk', () => {
    test('load reads every markdown file with its title', async () => {
        const { documents } = await load({ folder: 'corpus', extensions: ['.md'] }, ctx);
        expect(documents.map(document => document.id)).toEqual([
            'bicycle-maintenance', 'coffee-brewing', 'composting', 'first-aid', 'git-basics', 'houseplants', 'night-sky', 'sourdough-bread',
        ]);
        expect(documents.find(document => document.id === 'night-sky')?.title).toBe('Observing the night sky');
    });

    test('sections split at second-level headings', () => {
        expect(sections('# T\nintro\n## A\none\ntwo\n## B\nthree')).toEqual([
            { heading: undefined, body: 'intro' }, { heading: 'A', body: 'one two' }, { heading: 'B', body: 'three' },
        ]);
    });

    test('chunks are windows of size words that overlap, prefixed with title and heading', async () => {
        const text = `# Doc\n## Part\n${Array.from({ length: 10 }, (_, index) => `w${index}`).join(' ')}`;
        const { chunks, counts } = await chunk({ documents: [{ id: 'doc', title: 'Doc', text }], size: 4, overlap: 1 });
        expect(chunks.map(c => c.text)).toEqual(['Doc — Part: w0 w1 w2 w3', 'Doc — Part: w3 w4 w5 w6', 'Doc — Part: w6 w7 w8 w9']);
        expect(counts).toEqual({ doc: 3 });
    });

    test('chunk rejects an overlap that is not below the size (the where clause of the step)', async () => {
        await expect(chunk({ documents: [], size: 10, overlap: 10 })).rejects.toThrow(/overlap < size/);
    });
});

describe('embed', () => {
    test('stems words and drops stop words', () => {
        expect(terms('How often should I feed the starter? Feeding it daily!')).toEqual(['often', 'feed', 'starter', 'feed', 'daily']);
    });

    test('gives deterministic unit vectors of dims buckets', async () => {
        const c = { id: 'x#0', doc: 'x', title: 'X', text: 'chain lube keeps the chain quiet' };
        const first = (await embed({ chunk: c, dims: 64 })).vector;
        expect(first.values).toHaveLength(64);
        expect(Math.hypot(...first.values)).toBeCloseTo(1, 10);
        expect((await embed({ chunk: c, dims: 64 })).vector).toEqual(first);
        expect(hashedVector('the a of', 64).every(value => value === 0)).toBe(true);
    });
});

describe('the handbook index', () => {
    test('embeds every chunk, at most four at a time', async () => {
        const { parts, vectors, peak } = await indexHandbook();
        expect(vectors.map((vector: Vector) => vector.chunk)).toEqual(parts.chunks.map(c => c.id));
        expect(peak).toBe(4);
    });

    test('covers every document and lists every chunk under each of its buckets', async () => {
        const { built, parts } = await indexHandbook();
        expect(built.stats.chunks).toBe(parts.chunks.length);
        expect(built.stats.documents).toBe(8);
        built.index.entries.forEach((entry, position) => {
            for (const [bucket] of entry.weights) expect(built.index.postings[bucket]).toContain(position);
        });
    });

    test('returns the expected document for a query', async () => {
        const { built } = await indexHandbook();
        const answer = await search({ index: built.index, query: 'how often should I feed my starter', k: 3 });
        expect(answer.hits).toHaveLength(3);
        expect(answer.hits[0]).toMatchObject({ doc: 'sourdough-bread', section: 'The starter' });
        expect(answer.hits[0]!.score).toBeGreaterThan(answer.hits[2]!.score);
        const brakes = await search({ index: built.index, query: 'squealing brake pads', k: 1 });
        expect(brakes.hits[0]?.doc).toBe('bicycle-maintenance');
    });

    test('finds the answer to most questions in the top three', async () => {
        const { built } = await indexHandbook();
        const { metrics } = await evaluate({ index: built.index, questions, k: 3 });
        expect(metrics.questions).toBe(20);
        expect(metrics.recallAtK).toBeGreaterThanOrEqual(0.9);
        expect(metrics.mrr).toBeGreaterThanOrEqual(0.8);
    });

    test('a query that shares no word with the corpus meets only hash collisions, which score lower', async () => {
        const { built } = await indexHandbook();
        const unrelated = (await search({ index: built.index, query: 'quantum chromodynamics', k: 3 })).hits;
        const related = (await search({ index: built.index, query: 'feed the sourdough starter', k: 1 })).hits;
        expect(unrelated.length).toBeLessThan(3);
        expect(Math.max(...unrelated.map(hit => hit.score))).toBeLessThan(related[0]!.score / 2);
    });

    test('buildIndex rejects vectors of another dimension', async () => {
        const { parts, vectors } = await indexHandbook(128);
        await expect(buildIndex({ chunks: parts.chunks, vectors, dims: 256 })).rejects.toThrow(/has 128 dimensions, expected 256/);
    });
});

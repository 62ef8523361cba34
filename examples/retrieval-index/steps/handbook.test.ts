// Runs the steps of handbook.weft end to end on the shipped corpus, fanning `embed` out with a
// concurrency limit as the pipeline's `for … concurrency workers` does, and checks the results.
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset, Model } from '@weft/runtime';
import { describe, expect, test } from 'vitest';
import { buildIndex, indexVectors } from './build-index.ts';
import { chunk, chunkDocuments, sections } from './chunk.ts';
import { bundledFiles } from './corpus.ts';
import { embed, hashedVector, terms } from './embed.ts';
import { evaluate, scoreIndex } from './evaluate.ts';
import { load, toDocuments } from './load.ts';
import { search } from './search.ts';
import type { Question, RetrievalIndex, StepContext, Vector } from './types.ts';

const questionsFile = fileURLToPath(new URL('../data/questions.jsonl', import.meta.url));
const questions: Question[] = (await readFile(questionsFile, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Question);

/** A step context as the runtime makes one, whose log lines are kept in `lines`. */
async function context(): Promise<StepContext & { lines: string[] }> {
    const lines: string[] = [];
    const log = (message: string): void => void lines.push(message);
    return {
        node: 'test', attempt: 1, signal: new AbortController().signal, lines,
        logger: { debug: log, info: log, warn: log, error: log },
        trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceparent: `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`, addEvent: () => undefined },
        workDir: await mkdtemp(path.join(tmpdir(), 'weft-handbook-')),
    };
}

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
    const ctx = await context();
    const docs = await load({ folder: 'corpus', extensions: ['.md'] }, ctx);
    const parts = await chunk({ documents: docs.documents, size: 40, overlap: 10 });
    const fanned = await fanOut(parts.chunks, 4, async c => {
        await new Promise(resolve => setTimeout(resolve, 1)); // let the calls overlap
        return (await embed({ chunk: c, dims })).vector;
    });
    const built = await buildIndex({ chunks: parts.chunks, vectors: fanned.results, dims }, ctx);
    const stored = await built.index.readJson<RetrievalIndex>();
    return { ctx, docs, parts, vectors: fanned.results, peak: fanned.peak, built, stored };
}

describe('load and chunk', () => {
    test('load writes every markdown file of the folder, with its title, as a dataset', async () => {
        const ctx = await context();
        const loaded = await load({ folder: 'corpus', extensions: ['.md'] }, ctx);
        expect(loaded.documents).toBeInstanceOf(Dataset);
        const documents = await loaded.documents.readAll();
        expect(documents.map(document => document.id)).toEqual([
            'bicycle-maintenance', 'coffee-brewing', 'composting', 'first-aid', 'git-basics', 'houseplants', 'night-sky', 'sourdough-bread',
        ]);
        expect(documents.find(document => document.id === 'night-sky')?.title).toBe('Observing the night sky');
        expect(ctx.lines).toEqual(['loaded 8 documents from corpus']);
    });

    test('bundles every file of corpus/, byte for byte', async () => {
        const folder = fileURLToPath(new URL('../corpus/', import.meta.url));
        const names = (await readdir(folder)).sort();
        expect(bundledFiles.map(file => file.path)).toEqual(names.map(name => `corpus/${name}`));
        for (const file of bundledFiles) expect(file.text).toBe(await readFile(path.join(folder, path.basename(file.path)), 'utf8'));
    });

    test('load picks files by folder and extension, and fails on an empty selection', async () => {
        const files = [{ path: 'corpus/b.md', text: '# Bee\nbuzz' }, { path: 'corpus/a.txt', text: 'a' }, { path: 'other/c.md', text: 'c' }];
        expect(toDocuments(files, 'corpus/', ['.md'])).toEqual([{ id: 'b', title: 'Bee', text: '# Bee\nbuzz', path: 'corpus/b.md' }]);
        expect(toDocuments(files, 'corpus', ['.md', '.txt']).map(document => document.id)).toEqual(['a', 'b']);
        await expect(load({ folder: 'nowhere', extensions: ['.md'] }, await context())).rejects.toThrow(/no \.md files in nowhere/);
    });

    test('sections split at second-level headings', () => {
        expect(sections('# T\nintro\n## A\none\ntwo\n## B\nthree')).toEqual([
            { heading: undefined, body: 'intro' }, { heading: 'A', body: 'one two' }, { heading: 'B', body: 'three' },
        ]);
    });

    test('chunks are windows of size words that overlap, prefixed with title and heading', async () => {
        const text = `# Doc\n## Part\n${Array.from({ length: 10 }, (_, index) => `w${index}`).join(' ')}`;
        const { chunks, counts } = chunkDocuments([{ id: 'doc', title: 'Doc', text }], 4, 1);
        expect(chunks.map(c => c.text)).toEqual(['Doc — Part: w0 w1 w2 w3', 'Doc — Part: w3 w4 w5 w6', 'Doc — Part: w6 w7 w8 w9']);
        expect(counts).toEqual({ doc: 3 });
    });

    test('chunk rejects an overlap that is not below the size (the where clause of the step)', async () => {
        const ctx = await context();
        const none = await Dataset.write(path.join(ctx.workDir, 'none.jsonl'), []);
        await expect(chunk({ documents: none, size: 10, overlap: 10 })).rejects.toThrow(/overlap < size/);
        expect(() => chunkDocuments([], 10, 10)).toThrow(/overlap < size/);
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
        const { built, parts, stored } = await indexHandbook();
        expect(built.index).toBeInstanceOf(Model);
        expect(built.stats.chunks).toBe(parts.chunks.length);
        expect(built.stats.documents).toBe(8);
        stored.entries.forEach((entry, position) => {
            for (const [bucket] of entry.weights) expect(stored.postings[bucket]).toContain(position);
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
        const { built, stored } = await indexHandbook();
        const { metrics } = await evaluate({ index: built.index, questions: new Dataset<Question>(questionsFile), k: 3 });
        expect(metrics.questions).toBe(20);
        expect(metrics.recallAtK).toBeGreaterThanOrEqual(0.9);
        expect(metrics.mrr).toBeGreaterThanOrEqual(0.8);
        expect(scoreIndex(stored, questions, 3)).toEqual(metrics);
        expect(() => scoreIndex(stored, [], 3)).toThrow(/no questions/);
    });

    test('a query that shares no word with the corpus meets only hash collisions, which score lower', async () => {
        const { built } = await indexHandbook();
        const unrelated = (await search({ index: built.index, query: 'quantum chromodynamics', k: 3 })).hits;
        const related = (await search({ index: built.index, query: 'feed the sourdough starter', k: 1 })).hits;
        expect(unrelated.length).toBeLessThan(3);
        expect(Math.max(...unrelated.map(hit => hit.score))).toBeLessThan(related[0]!.score / 2);
    });

    test('buildIndex rejects vectors of another dimension', async () => {
        const { ctx, parts, vectors } = await indexHandbook(128);
        await expect(buildIndex({ chunks: parts.chunks, vectors, dims: 256 }, ctx)).rejects.toThrow(/has 128 dimensions, expected 256/);
        expect(() => indexVectors(parts.chunks, vectors, 64)).toThrow(/has 128 dimensions, expected 64/);
    });
});

// Runs the steps of sentiment.weft end to end on the shipped reviews, the way the pipeline
// wires them, and checks what they compute.
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '@weft/runtime';
import { describe, expect, test } from 'vitest';
import { generateReviews } from '../data/generate-reviews.ts';
import { alert } from './alert.ts';
import { evaluate, scoreModel } from './evaluate.ts';
import { publish } from './publish.ts';
import { tokenize, tokenizeReviews, words } from './tokenize.ts';
import { fitNaiveBayes, predict, train } from './train.ts';
import type { NaiveBayesModel, Review, StepContext } from './types.ts';

const dataFile = fileURLToPath(new URL('../data/reviews.jsonl', import.meta.url));
const reviews: Review[] = (await readFile(dataFile, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Review);

/** A step context as the runtime makes one, whose log lines are kept in `lines`. */
async function context(): Promise<StepContext & { lines: string[] }> {
    const lines: string[] = [];
    const log = (message: string): void => void lines.push(message);
    return {
        node: 'test', attempt: 1, signal: new AbortController().signal, lines,
        logger: { debug: log, info: log, warn: log, error: log },
        trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceparent: `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`, addEvent: () => undefined },
        workDir: await mkdtemp(path.join(tmpdir(), 'weft-sentiment-')),
    };
}

describe('the review data', () => {
    test('is what the generator produces', () => {
        expect(generateReviews()).toBe(`${reviews.map(review => JSON.stringify(review)).join('\n')}\n`);
    });

    test('has both labels in both splits', () => {
        for (const split of ['train', 'test'] as const) {
            const ofSplit = reviews.filter(review => review.split === split);
            expect(new Set(ofSplit.map(review => review.label))).toEqual(new Set(['pos', 'neg']));
        }
        expect(reviews.filter(review => review.split === 'test')).toHaveLength(100);
    });
});

describe('tokenize', () => {
    test('lower-cases, drops punctuation and stop words, keeps negations', () => {
        expect(words('It is NOT worth the price!')).toEqual(['not', 'worth', 'price']);
    });

    test('truncates to maxLen and adds bigrams when asked', async () => {
        const review: Review = { id: 'x', text: 'Not great. Broke quickly, sadly.', label: 'neg', split: 'test' };
        const plain = tokenizeReviews([review], 2, false);
        expect(plain.tokens[0]!.tokens).toEqual(['not', 'great']);
        const paired = tokenizeReviews([review], 3, true);
        expect(paired.tokens[0]!.tokens).toEqual(['not', 'great', 'broke', 'not_great', 'great_broke']);
        expect(paired.vocabulary).toBe(5);
    });
});

describe('the sentiment pipeline', () => {
    test('trains a classifier that reaches the publishing threshold and publishes it', async () => {
        const ctx = await context();
        const t = await tokenize({ reviews: new Dataset<Review>(dataFile), maxLen: 256, bigrams: false }, ctx);
        expect(t.tokens).toBeInstanceOf(Dataset);
        expect((await t.tokens.readAll())).toHaveLength(400);
        const m = await train({ data: t.tokens, alpha: 1, minCount: 1 }, ctx);
        const e = await evaluate({ model: m.model, data: t.tokens });

        expect(m.metrics.examples).toBe(300);
        expect(e.metrics.examples).toBe(100);
        expect(e.metrics.accuracy).toBeGreaterThan(0.85);
        expect(e.metrics.f1).toBeGreaterThan(0.85);
        expect(e.metrics.accuracy).toBeLessThan(1); // the data has mislabelled reviews on purpose

        await publish({ model: m.model, metrics: e.metrics, channel: 'staging' }, ctx);
        expect(await readdir(path.join(ctx.workDir, 'staging'))).toEqual(['metrics.json', 'model.json']);
        const stored = JSON.parse(await readFile(path.join(ctx.workDir, 'staging', 'model.json'), 'utf8')) as NaiveBayesModel;
        expect(predict(stored, ['excellent', 'sound']).label).toBe('pos');
        expect(predict(stored, ['waste', 'money']).label).toBe('neg');
    });

    test('a model trained on the test split alone fails loudly', async () => {
        const ctx = await context();
        const testOnly = await Dataset.write(path.join(ctx.workDir, 'test-only.jsonl'), reviews.filter(review => review.split === 'test'));
        const t = await tokenize({ reviews: testOnly, maxLen: 256, bigrams: false }, ctx);
        await expect(train({ data: t.tokens, alpha: 1, minCount: 1 }, ctx)).rejects.toThrow(/no records in the "train" split/);
    });

    test('a higher minCount drops rare bigrams and still classifies', async () => {
        const t = tokenizeReviews(reviews, 256, true);
        const all = fitNaiveBayes(t.tokens, 1, 1);
        const frequent = fitNaiveBayes(t.tokens, 1, 3);
        expect(frequent.metrics.vocabulary).toBeLessThan(all.metrics.vocabulary!);
        expect(scoreModel(frequent.model, t.tokens).accuracy).toBeGreaterThan(0.8);
    });

    test('alert writes to the step log', async () => {
        const ctx = await context();
        await alert({ subject: 'train', detail: 'out of memory' }, ctx);
        expect(ctx.lines).toEqual(['ALERT train: out of memory']);
    });
});

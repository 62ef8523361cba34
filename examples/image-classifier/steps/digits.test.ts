// Runs the steps of digits.weft end to end on the shipped images, the way the pipeline wires
// them, and checks shapes and results.
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset, Model, Tensor } from '@weft/runtime';
import { describe, expect, test } from 'vitest';
import { generateBaseline, generateDigits } from '../data/generate-digits.ts';
import { evaluate, scoreModel } from './evaluate.ts';
import { argmax, scores, softmax, zeroModel } from './linear.ts';
import { normalise } from './normalise.ts';
import { publish } from './publish.ts';
import { imagesToTensors, toTensor } from './to-tensor.ts';
import { fitSoftmax, train } from './train.ts';
import type { Batch, DigitModel, Image, LinearModel, Scores, StepContext } from './types.ts';

const digitsFile = fileURLToPath(new URL('../data/digits.jsonl', import.meta.url));
const baselineFile = fileURLToPath(new URL('../models/baseline.json', import.meta.url));
const digitsText = await readFile(digitsFile, 'utf8');
const baselineText = await readFile(baselineFile, 'utf8');
const images: Image[] = digitsText.trim().split('\n').map(line => JSON.parse(line) as Image);
const baseline = JSON.parse(baselineText) as LinearModel;
/** The handles the runtime passes for the `digits` dataset and the `baseline` model. */
const digits = new Dataset<Image>(digitsFile);
const baselineModel: DigitModel = new Model<Batch, Scores>(baselineFile);

/** A step context as the runtime makes one, whose log lines are kept in `lines`. */
async function context(): Promise<StepContext & { lines: string[] }> {
    const lines: string[] = [];
    const log = (message: string): void => void lines.push(message);
    return {
        node: 'test', attempt: 1, signal: new AbortController().signal, lines,
        logger: { debug: log, info: log, warn: log, error: log },
        trace: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceparent: `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`, addEvent: () => undefined },
        workDir: await mkdtemp(path.join(tmpdir(), 'weft-digits-')),
    };
}

/** The pipeline's tensors with its default row counts. */
async function tensors() {
    const [tr, va, te] = await Promise.all([
        toTensor({ images: digits, split: 'train', rows: 400 }),
        toTensor({ images: digits, split: 'validation', rows: 100 }),
        toTensor({ images: digits, split: 'test', rows: 100 }),
    ]);
    const [xtr, xva, xte] = await Promise.all([normalise({ x: tr.x }), normalise({ x: va.x }), normalise({ x: te.x })]);
    return { tr, va, te, xtr: xtr.normalised, xva: xva.normalised, xte: xte.normalised };
}

describe('the shipped data', () => {
    test('is what the generator produces', () => {
        expect(generateDigits()).toBe(digitsText);
        expect(generateBaseline(digitsText)).toBe(baselineText);
    });

    test('has 400/100/100 images with every digit in every split', () => {
        for (const [split, count] of [['train', 400], ['validation', 100], ['test', 100]] as const) {
            const ofSplit = images.filter(image => image.split === split);
            expect(ofSplit).toHaveLength(count);
            expect(new Set(ofSplit.map(image => image.label)).size).toBe(10);
        }
        expect(images.every(image => image.pixels.length === 64 && image.pixels.every(value => value >= 0 && value <= 16))).toBe(true);
    });
});

describe('tensor steps', () => {
    test('toTensor gives [rows, 64] intensities in 0–1 and [rows] labels', async () => {
        const { x, y } = await toTensor({ images: digits, split: 'test', rows: 30 });
        expect(x).toBeInstanceOf(Tensor);
        expect(x).toMatchObject({ dtype: 'f32', shape: [30, 64] });
        expect(x.data).toHaveLength(30 * 64);
        expect(Math.max(...x.data)).toBeLessThanOrEqual(1);
        expect(y).toMatchObject({ dtype: 'i32', shape: [30] });
        expect(Array.from(y.data)).toEqual(images.filter(image => image.split === 'test').slice(0, 30).map(image => image.label));
    });

    test('toTensor refuses more rows than the split has', async () => {
        await expect(toTensor({ images: digits, split: 'validation', rows: 101 })).rejects.toThrow(/has 100 images, 101 asked for/);
        expect(() => imagesToTensors(images, 'test', 101)).toThrow(/has 100 images, 101 asked for/);
    });

    test('normalise keeps the shape and gives rows of mean 0 and length 1', async () => {
        const { xte } = await tensors();
        expect(xte.shape).toEqual([100, 64]);
        for (let row = 0; row < 100; row += 17) {
            const values = Array.from(xte.data.subarray(row * 64, (row + 1) * 64));
            expect(values.reduce((total, value) => total + value, 0)).toBeCloseTo(0, 4);
            expect(Math.hypot(...values)).toBeCloseTo(1, 4);
        }
    });

    test('normalise rejects a batch whose rows are not 64 wide', async () => {
        await expect(normalise({ x: new Tensor('f32', [2, 63], new Float32Array(126)) })).rejects.toThrow(/expected shape \[2, 64\]/);
    });

    test('scores are [N, 10] and softmax sums to one', async () => {
        const { xte } = await tensors();
        const scored = scores(baseline, xte);
        expect(scored.shape).toEqual([100, 10]);
        expect(softmax(scored.data.subarray(0, 10)).reduce((total, value) => total + value, 0)).toBeCloseTo(1, 10);
        expect(argmax(scored)).toHaveLength(100);
    });
});

describe('the digits pipeline', () => {
    test('trains a model that beats the baseline on the test split, and publishes it', async () => {
        const ctx = await context();
        const { tr, va, te, xtr, xva, xte } = await tensors();
        const m = await train({ x: xtr, y: tr.y, validX: xva, validY: va.y, init: baselineModel, epochs: 40, lr: 5, batch: 40, l2: 1e-4, seed: 7 }, ctx);
        const e = await evaluate({ model: m.model, x: xte, y: te.y });
        const b = await evaluate({ model: baselineModel, x: xte, y: te.y });

        expect(m.model).toBeInstanceOf(Model);
        const trained = await m.model.readJson<LinearModel>();
        expect(trained.weights).toHaveLength(10 * 64);
        expect(scoreModel(trained, xte, te.y).metrics).toEqual(e.metrics);
        expect(ctx.lines).toEqual([expect.stringMatching(/^trained 40 epochs; best validation accuracy 0\.\d{3}, loss 0\.\d{3}$/)]);
        expect(m.loss).toBeLessThan(0.5);
        expect(b.metrics.accuracy).toBeGreaterThan(0.7);
        expect(e.metrics.accuracy).toBeGreaterThan(0.85);
        expect(e.metrics.accuracy).toBeGreaterThan(b.metrics.accuracy!);
        expect(e.confusion).toBeInstanceOf(Tensor);
        expect(e.confusion.shape).toEqual([10, 10]);
        expect(Array.from(e.confusion.data).reduce((total, value) => total + value, 0)).toBe(100);

        await publish({ model: m.model, metrics: e.metrics, name: 'digits' }, ctx);
        expect(await readdir(path.join(ctx.workDir, 'digits'))).toEqual(['metrics.json', 'model.json']);
        expect(JSON.parse(await readFile(path.join(ctx.workDir, 'digits', 'model.json'), 'utf8'))).toEqual(trained);
    });

    test('training is reproducible for a seed and learns from zero weights too', async () => {
        const { tr, va, xtr, xva } = await tensors();
        const run = (init: LinearModel) => fitSoftmax(xtr, tr.y, xva, va.y, init, { epochs: 10, lr: 5, batch: 40, l2: 1e-4, seed: 3 });
        const [first, second, fromZero] = [run(baseline), run(baseline), run(zeroModel())];
        expect(second.model.weights).toEqual(first.model.weights);
        expect(fromZero.validAccuracy).toBeGreaterThan(0.7);
    });

    test('train refuses a batch size that does not divide the rows (the step\'s where clause)', async () => {
        const { tr, va, xtr, xva } = await tensors();
        await expect(train({ x: xtr, y: tr.y, validX: xva, validY: va.y, init: baselineModel, epochs: 1, lr: 1, batch: 30, l2: 0, seed: 1 }, await context()))
            .rejects.toThrow(/400 rows do not split into batches of 30/);
    });
});

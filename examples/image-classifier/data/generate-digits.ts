// Generates data/digits.jsonl (600 8×8 "hand-written" digits: 400 train, 100 validation,
// 100 test) and models/baseline.json (a nearest-centroid classifier written as a linear model)
// with a seeded random generator, so that both files are reproducible byte for byte.
// Regenerate with `npx node examples/image-classifier/data/generate-digits.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normaliseRow } from '../steps/normalise.ts';
import type { Image, LinearModel, Split } from '../steps/types.ts';

// One glyph per digit, 5 columns wide and 6 rows high, drawn at columns 1–5 and rows 1–6.
const glyphs: readonly string[][] = [
    ['.###.', '#...#', '#...#', '#...#', '#...#', '.###.'],
    ['..#..', '.##..', '..#..', '..#..', '..#..', '.###.'],
    ['.###.', '#...#', '...#.', '..#..', '.#...', '#####'],
    ['####.', '....#', '.###.', '....#', '....#', '####.'],
    ['...#.', '..##.', '.#.#.', '#####', '...#.', '...#.'],
    ['#####', '#....', '####.', '....#', '....#', '####.'],
    ['.###.', '#....', '####.', '#...#', '#...#', '.###.'],
    ['#####', '....#', '...#.', '..#..', '..#..', '..#..'],
    ['.###.', '#...#', '.###.', '#...#', '#...#', '.###.'],
    ['.###.', '#...#', '#...#', '.####', '....#', '.###.'],
];

const writers = ['ada', 'ben', 'chen', 'dana', 'eli', 'fay'];

/** mulberry32: a small seeded generator, the same on every machine. */
function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const splitOf = (index: number): Split => (index % 6 < 4 ? 'train' : index % 6 === 4 ? 'validation' : 'test');

/** One digit: the glyph shifted, sometimes made bold, with ink bleeding into neighbours, gaps and specks. */
function draw(label: number, random: () => number): number[] {
    const pixels = new Array<number>(64).fill(0);
    const ink = (row: number, column: number, amount: number): void => {
        if (row < 0 || row > 7 || column < 0 || column > 7) return;
        pixels[row * 8 + column] = Math.min(16, pixels[row * 8 + column]! + amount);
    };
    // Most digits are centred, as in scanned forms; one in four is off by a pixel.
    const shifted = random() < 0.25;
    const shiftRow = shifted && random() < 0.5 ? (random() < 0.5 ? -1 : 1) : 0;
    const shiftColumn = shifted && shiftRow === 0 ? (random() < 0.5 ? -1 : 1) : 0;
    const bold = random() < 0.3;
    const strength = 10 + Math.floor(random() * 7);
    glyphs[label]!.forEach((line, row) => {
        [...line].forEach((cell, column) => {
            if (cell !== '#' || random() < 0.08) return; // a gap in the stroke
            const r = row + 1 + shiftRow, c = column + 1 + shiftColumn;
            ink(r, c, strength);
            if (bold) ink(r, c + 1, strength - 4);
            ink(r + 1, c, Math.floor(random() * 4)); // ink bleeding downwards
        });
    });
    for (let index = 0; index < 64; index++) {
        if (random() < 0.06) pixels[index] = Math.min(16, pixels[index]! + 2 + Math.floor(random() * 8));
    }
    return pixels;
}

/** The digits as JSON Lines: every label equally often, splits in a fixed 4 : 1 : 1 pattern. */
export function generateDigits(count = 600, seed = 8_8_2024): string {
    const random = seededRandom(seed);
    const lines: string[] = [];
    for (let index = 0; index < count; index++) {
        const label = (index * 7 + Math.floor(index / 10)) % 10;
        const image: Image = {
            id: `d${String(index + 1).padStart(4, '0')}`,
            label: label as Image['label'],
            pixels: draw(label, random),
            split: splitOf(index),
            ...(random() < 0.5 ? { writer: writers[Math.floor(random() * writers.length)]! } : {}),
        };
        lines.push(JSON.stringify(image));
    }
    return lines.join('\n') + '\n';
}

/**
 * A nearest-centroid classifier over normalised images of the train split, written as a linear
 * model: argmin ‖x − μ_c‖² = argmax (x · μ_c − ‖μ_c‖² / 2).
 */
export function generateBaseline(digitsJsonl: string): string {
    const images = digitsJsonl.trim().split('\n').map(line => JSON.parse(line) as Image).filter(image => image.split === 'train');
    const weights: number[] = [];
    const bias: number[] = [];
    for (let label = 0; label < 10; label++) {
        const rows = images.filter(image => image.label === label).map(image => normaliseRow(Float32Array.from(image.pixels, value => value / 16)));
        const centroid = Array.from({ length: 64 }, (_, feature) => rows.reduce((total, row) => total + row[feature]!, 0) / rows.length);
        const rounded = centroid.map(value => Number(value.toFixed(6)));
        weights.push(...rounded);
        bias.push(Number((-rounded.reduce((total, value) => total + value * value, 0) / 2).toFixed(6)));
    }
    const model: LinearModel = { kind: 'linear', classes: 10, features: 64, weights, bias, description: 'nearest centroid of the normalised train split' };
    return JSON.stringify(model) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const digits = generateDigits();
    writeFileSync(new URL('./digits.jsonl', import.meta.url), digits);
    writeFileSync(new URL('../models/baseline.json', import.meta.url), generateBaseline(digits));
}

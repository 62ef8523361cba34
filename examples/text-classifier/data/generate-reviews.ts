// Generates data/reviews.jsonl: short product reviews labelled "pos" or "neg", built from
// phrase lists with a seeded random generator so that the file is reproducible byte for byte.
// Regenerate with `npx node examples/text-classifier/data/generate-reviews.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const products = [
    'headphones', 'blender', 'backpack', 'phone case', 'desk lamp', 'coffee grinder', 'running shoes',
    'keyboard', 'water bottle', 'tent', 'kettle', 'office chair', 'toaster', 'umbrella', 'webcam',
];

const positive = [
    'works perfectly', 'excellent sound', 'great value for the money', 'sturdy and well made',
    'exceeded my expectations', 'I love it', 'arrived quickly and well packed', 'easy to set up',
    'highly recommend it', 'comfortable to use all day', 'the battery lasts for days', 'beautiful design',
    'does exactly what it promises', 'solid build quality', 'my family loves it', 'worth every penny',
    'could not be happier', 'not bad at all', 'fantastic product', 'quiet and reliable',
];

const negative = [
    'broke after a week', 'a waste of money', 'stopped working', 'poor quality', 'very disappointed',
    'arrived damaged', 'cheap flimsy plastic', 'I returned it', 'customer service never replied',
    'terrible fit', 'the battery died quickly', 'would not recommend it', 'not worth the price',
    'not great', 'the parts do not fit together', 'it overheats', 'noisy and unreliable',
    'fell apart in days', 'nothing like the photos', 'awful smell out of the box',
];

const openers = ['I bought this', 'Ordered this', 'Got this', 'Picked up this', 'Tried this'];
const reasons = ['for my sister', 'for the office', 'as a gift', 'for camping', 'for my kitchen', 'last month'];
const fillers = [
    'The color is blue.', 'It came in a plain box.', 'Shipping took five days.', 'The manual is short.',
    'I have used it for a month.', 'It is smaller than I thought.', 'My old one was similar.', '',
];

/** A small, fast, seeded generator (mulberry32): the same seed gives the same file on every machine. */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The reviews as JSON Lines: `count` reviews, every fourth one in the test split. */
export function generateReviews(count = 400, seed = 20240611): string {
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const lines: string[] = [];
    for (let index = 0; index < count; index++) {
        const label = random() < 0.5 ? 'pos' : 'neg';
        const own = label === 'pos' ? positive : negative;
        const other = label === 'pos' ? negative : positive;
        // Most reviews say two things of their own polarity; some add one of the other, and a
        // few are mislabelled, so that the classifier has real work to do and cannot reach 100%.
        const phrases = [pick(own), pick(own)];
        if (random() < 0.3) phrases.splice(Math.floor(random() * 3), 0, pick(other));
        const written = random() < 0.04 ? (label === 'pos' ? 'neg' : 'pos') : label;
        const product = pick(products);
        const text = [
            `${pick(openers)} ${product} ${pick(reasons)}.`,
            ...phrases.map(phrase => `${capitalise(phrase)}.`),
            pick(fillers),
        ].filter(part => part !== '').join(' ');
        const record: Record<string, unknown> = {
            id: `r${String(index + 1).padStart(4, '0')}`,
            text,
            label: written,
            split: index % 4 === 3 ? 'test' : 'train',
        };
        if (random() < 0.4) record.rating = written === 'pos' ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 2);
        lines.push(JSON.stringify(record));
    }
    return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    writeFileSync(new URL('./reviews.jsonl', import.meta.url), generateReviews());
}

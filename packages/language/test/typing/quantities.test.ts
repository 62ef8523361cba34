import { describe, expect, test } from 'vitest';
import { kindsOfUnit, parseNumber, parseQuantity } from '../../src/helpers/quantities.js';

describe('numbers', () => {
    test.each([
        ['42', 42], ['1_000', 1000], ['0.5', 0.5], ['3e-4', 0.0003], ['1_000.25', 1000.25], ['2E3', 2000],
    ])('%s is %d', (text, value) => {
        expect(parseNumber(text)).toBe(value);
    });

    test('text that is no number is NaN', () => {
        expect(parseNumber('12ab')).toBeNaN();
    });
});

describe('quantities in base units (bytes, milliseconds, millicores)', () => {
    test.each([
        ['16Gi', undefined, 'memory', 16 * 1024 ** 3],
        ['512Mi', undefined, 'memory', 512 * 1024 ** 2],
        ['1.5Ki', undefined, 'memory', 1536],
        ['10K', undefined, 'memory', 10_000],
        ['2G', undefined, 'memory', 2_000_000_000],
        ['1Ti', undefined, 'memory', 1024 ** 4],
        ['250ms', undefined, 'duration', 250],
        ['30s', undefined, 'duration', 30_000],
        ['20m', undefined, 'duration', 1_200_000],
        ['20m', 'duration', 'duration', 1_200_000],
        ['2h', undefined, 'duration', 7_200_000],
        ['1d', undefined, 'duration', 86_400_000],
        ['1_000ms', undefined, 'duration', 1000],
        // `m` is millicores only where CPU is expected.
        ['500m', 'cpu', 'cpu', 500],
        ['500m', undefined, 'duration', 30_000_000],
        // A unit that cannot mean the expected kind keeps its own meaning (the checker reports it).
        ['4Gi', 'duration', 'memory', 4 * 1024 ** 3],
        ['2s', 'cpu', 'duration', 2000],
    ] as const)('%s (expected %s) is %s %d', (text, expected, kind, value) => {
        expect(parseQuantity(text, expected)).toEqual({ kind, value });
    });

    test('`m` is the only ambiguous unit', () => {
        expect(kindsOfUnit('m')).toEqual(['duration', 'cpu']);
        expect(kindsOfUnit('Mi')).toEqual(['memory']);
        expect(kindsOfUnit('M')).toEqual(['memory']);
        expect(kindsOfUnit('ms')).toEqual(['duration']);
    });

    test('text that is no quantity is undefined', () => {
        expect(parseQuantity('16')).toBeUndefined();
        expect(parseQuantity('16Gb')).toBeUndefined();
    });
});

import { describe, expect, test } from 'vitest';
import {
    add, and, div, eq, euclideanDivision, intTerm, lt, max, min, mod, mul, not, or, printTerm, rationalOfDecimal, realTerm, sub,
    substitute, variable,
} from '../../src/constraints/terms.js';
import { formatQuantity, formatTerm } from '../../src/constraints/values.js';

const x = variable('x', 'int');
const r = variable('r', 'real');

describe('terms', () => {
    test.each([
        [add(intTerm(2), intTerm(3)), '5'],
        [mul(intTerm(16), intTerm(1024 ** 3)), String(16 * 1024 ** 3)],
        [div(intTerm(7), intTerm(2)), '3'],
        // Euclidean: the remainder is never negative.
        [div(intTerm(-7), intTerm(2)), '-4'],
        [mod(intTerm(-7), intTerm(2)), '1'],
        [add(intTerm(1), rationalOfDecimal('0.5')!), '3/2'],
        [mul(rationalOfDecimal('3e-4')!, intTerm(10000)), '3/1'],
        [lt(rationalOfDecimal('0.1')!, rationalOfDecimal('0.2')!), 'true'],
        [eq(add(rationalOfDecimal('0.1')!, rationalOfDecimal('0.2')!), rationalOfDecimal('0.3')!), 'true'],
        [min(intTerm(3), intTerm(9)), '3'],
        [max(intTerm(3), rationalOfDecimal('3.5')!), '7/2'],
    ])('%# folds constants exactly', (term, printed) => {
        expect(printTerm(term)).toBe(printed);
    });

    test('keeps variables symbolic and promotes ints meeting reals', () => {
        expect(printTerm(add(x, intTerm(1)))).toBe('(add "x":int 1)');
        expect(printTerm(lt(x, r))).toBe('(lt (toReal "x":int) "r":real)');
        expect(printTerm(sub(x, intTerm(0)))).toBe('"x":int');
    });

    test('simplifies logic with constants', () => {
        expect(and(lt(x, intTerm(1)), eq(intTerm(1), intTerm(2))).op).toBe('bool');
        expect(printTerm(or(lt(x, intTerm(1)), eq(intTerm(1), intTerm(1))))).toBe('true');
        expect(not(not(lt(x, intTerm(1))))).toEqual(lt(x, intTerm(1)));
    });

    test('substitution folds again', () => {
        const term = eq(mod(x, intTerm(8)), intTerm(0));
        expect(printTerm(substitute(term, () => intTerm(12)))).toBe('false');
        expect(printTerm(substitute(term, () => intTerm(16)))).toBe('true');
    });

    test('euclidean division keeps 0 <= remainder < |divisor|', () => {
        for (const [a, b] of [[7n, 3n], [-7n, 3n], [7n, -3n], [-7n, -3n]] as const) {
            const [quotient, remainder] = euclideanDivision(a, b);
            expect(quotient * b + remainder).toBe(a);
            expect(remainder >= 0n && remainder < (b < 0n ? -b : b)).toBe(true);
        }
    });
});

describe('values', () => {
    test.each([
        [16n * 1024n ** 3n, 'memory', '16Gi'],
        [1536n * 1024n ** 2n, 'memory', '1536Mi'],
        [7_200_000n, 'duration', '2h'],
        [5_400_000n, 'duration', '90m'],
        [500n, 'cpu', '500m'],
        [2000n, 'cpu', '2'],
    ] as const)('%s %s prints as %s', (value, unit, printed) => {
        expect(formatQuantity(value, unit)).toBe(printed);
    });

    test('reals print as decimals', () => {
        expect(formatTerm(realTerm(3n, 10000n))).toBe('0.0003');
        expect(formatTerm(realTerm(1n, 3n))).toBe('0.333333…');
    });
});

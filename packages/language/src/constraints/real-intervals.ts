import { type RealConstant, realTerm } from './terms.js';

/**
 * Intervals of real numbers with exact rational bounds, each bound strict (`<`) or not (`<=`):
 * the abstract values interval reasoning gives to `float` terms. Every operation
 * over-approximates: the result holds every value the exact operation can produce from members
 * of its operands (weakening a strict bound to a non-strict one is always allowed).
 */

/** A rational (`denominator > 0`, in lowest terms, as terms.ts builds it). */
export type Rational = RealConstant;

export interface RealBound {
    readonly value: Rational;
    readonly strict: boolean;
}

/** The reals `x` with `lo < x` (or `lo <= x`) and `x < hi` (or `<=`); a missing bound is infinite. Never empty: empty is `undefined`. */
export interface RealInterval {
    readonly lo?: RealBound;
    readonly hi?: RealBound;
}

export const anyReal: RealInterval = {};

export function rational(numerator: bigint, denominator = 1n): Rational {
    return realTerm(numerator, denominator);
}

const zero = rational(0n);
const one = rational(1n);

function compareRationals(x: Rational, y: Rational): number {
    const difference = x.numerator * y.denominator - y.numerator * x.denominator;
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

function addRationals(x: Rational, y: Rational): Rational {
    return rational(x.numerator * y.denominator + y.numerator * x.denominator, x.denominator * y.denominator);
}

function multiplyRationals(x: Rational, y: Rational): Rational {
    return rational(x.numerator * y.numerator, x.denominator * y.denominator);
}

function negateRational(x: Rational): Rational {
    return rational(-x.numerator, x.denominator);
}

function isZeroRational(x: Rational): boolean {
    return x.numerator === 0n;
}

function bound(value: Rational, strict: boolean): RealBound {
    return { value, strict };
}

/** `{lo, hi}` when not empty, `undefined` otherwise. */
export function realInterval(lo: RealBound | undefined, hi: RealBound | undefined): RealInterval | undefined {
    if (lo !== undefined && hi !== undefined) {
        const order = compareRationals(lo.value, hi.value);
        if (order > 0 || (order === 0 && (lo.strict || hi.strict))) return undefined;
    }
    return { ...(lo === undefined ? {} : { lo }), ...(hi === undefined ? {} : { hi }) };
}

export function exactReal(value: Rational): RealInterval {
    return { lo: bound(value, false), hi: bound(value, false) };
}

function exactRealValue(a: RealInterval): Rational | undefined {
    return a.lo !== undefined && a.hi !== undefined && !a.lo.strict && !a.hi.strict && compareRationals(a.lo.value, a.hi.value) === 0 ? a.lo.value : undefined;
}

/** The closed interval `[lo, hi]` of integers (missing bounds infinite) as reals. */
export function realOfIntegers(lo: bigint | undefined, hi: bigint | undefined): RealInterval {
    return realInterval(lo === undefined ? undefined : bound(rational(lo), false), hi === undefined ? undefined : bound(rational(hi), false)) ?? anyReal;
}

/** Of two lower bounds, the one that excludes more (missing: the other). */
function tighterLower(a: RealBound | undefined, b: RealBound | undefined): RealBound | undefined {
    if (a === undefined) return b;
    if (b === undefined) return a;
    const order = compareRationals(a.value, b.value);
    return order > 0 ? a : order < 0 ? b : bound(a.value, a.strict || b.strict);
}

function tighterUpper(a: RealBound | undefined, b: RealBound | undefined): RealBound | undefined {
    if (a === undefined) return b;
    if (b === undefined) return a;
    const order = compareRationals(a.value, b.value);
    return order < 0 ? a : order > 0 ? b : bound(a.value, a.strict || b.strict);
}

/** Of two lower bounds, the one that excludes less (missing: missing). */
function looserLower(a: RealBound | undefined, b: RealBound | undefined): RealBound | undefined {
    if (a === undefined || b === undefined) return undefined;
    const order = compareRationals(a.value, b.value);
    return order < 0 ? a : order > 0 ? b : bound(a.value, a.strict && b.strict);
}

function looserUpper(a: RealBound | undefined, b: RealBound | undefined): RealBound | undefined {
    if (a === undefined || b === undefined) return undefined;
    const order = compareRationals(a.value, b.value);
    return order > 0 ? a : order < 0 ? b : bound(a.value, a.strict && b.strict);
}

/** The values in both; `undefined` when none. */
export function meetReals(a: RealInterval, b: RealInterval): RealInterval | undefined {
    return realInterval(tighterLower(a.lo, b.lo), tighterUpper(a.hi, b.hi));
}

/** An interval holding both. */
export function joinReals(a: RealInterval, b: RealInterval): RealInterval {
    return realInterval(looserLower(a.lo, b.lo), looserUpper(a.hi, b.hi)) ?? anyReal;
}

export function sameRealInterval(a: RealInterval, b: RealInterval): boolean {
    const same = (x: RealBound | undefined, y: RealBound | undefined): boolean =>
        x === undefined ? y === undefined : y !== undefined && x.strict === y.strict && compareRationals(x.value, y.value) === 0;
    return same(a.lo, b.lo) && same(a.hi, b.hi);
}

export function addReals(a: RealInterval, b: RealInterval): RealInterval {
    const sum = (x: RealBound | undefined, y: RealBound | undefined): RealBound | undefined =>
        x === undefined || y === undefined ? undefined : bound(addRationals(x.value, y.value), x.strict || y.strict);
    return realInterval(sum(a.lo, b.lo), sum(a.hi, b.hi)) ?? anyReal;
}

export function negateReals(a: RealInterval): RealInterval {
    const flip = (x: RealBound | undefined): RealBound | undefined => x === undefined ? undefined : bound(negateRational(x.value), x.strict);
    return realInterval(flip(a.hi), flip(a.lo)) ?? anyReal;
}

function scaleReals(a: RealInterval, k: Rational): RealInterval {
    if (isZeroRational(k)) return exactReal(zero);
    const scale = (x: RealBound | undefined): RealBound | undefined => x === undefined ? undefined : bound(multiplyRationals(x.value, k), x.strict);
    const [lo, hi] = [scale(a.lo), scale(a.hi)];
    return (k.numerator > 0n ? realInterval(lo, hi) : realInterval(hi, lo)) ?? anyReal;
}

export function multiplyReals(a: RealInterval, b: RealInterval): RealInterval {
    const [ka, kb] = [exactRealValue(a), exactRealValue(b)];
    if (ka !== undefined) return scaleReals(b, ka);
    if (kb !== undefined) return scaleReals(a, kb);
    if (a.lo !== undefined && a.hi !== undefined && b.lo !== undefined && b.hi !== undefined) {
        // The closed hull of the corner products (strictness dropped: still a superset).
        const products = [multiplyRationals(a.lo.value, b.lo.value), multiplyRationals(a.lo.value, b.hi.value),
            multiplyRationals(a.hi.value, b.lo.value), multiplyRationals(a.hi.value, b.hi.value)];
        const sorted = [...products].sort(compareRationals);
        return realInterval(bound(sorted[0]!, false), bound(sorted[3]!, false)) ?? anyReal;
    }
    const nonNegative = (x: RealInterval): boolean => x.lo !== undefined && compareRationals(x.lo.value, zero) >= 0;
    if (nonNegative(a) && nonNegative(b)) {
        const hi = a.hi === undefined || b.hi === undefined ? undefined : bound(multiplyRationals(a.hi.value, b.hi.value), false);
        return realInterval(bound(multiplyRationals(a.lo!.value, b.lo!.value), false), hi) ?? anyReal;
    }
    return anyReal;
}

/** Real division by a known non-zero constant (a division by zero, or by anything else, is unknown). */
export function divideReals(a: RealInterval, b: RealInterval): RealInterval {
    const k = exactRealValue(b);
    if (k === undefined || isZeroRational(k)) return anyReal;
    return scaleReals(a, rational(k.denominator, k.numerator));
}

export function extremumOfReals(op: 'min' | 'max', a: RealInterval, b: RealInterval): RealInterval {
    // min(x, y) is at least the smaller lower bound and at most either upper bound; max mirrors it.
    return op === 'min'
        ? realInterval(looserLower(a.lo, b.lo), tighterUpper(a.hi, b.hi)) ?? anyReal
        : realInterval(tighterLower(a.lo, b.lo), looserUpper(a.hi, b.hi)) ?? anyReal;
}

/** `true`/`false` when `x < y` (or `x <= y`) has that value for every member; `undefined` otherwise. */
export function compareRealIntervals(strict: boolean, x: RealInterval, y: RealInterval): boolean | undefined {
    if (x.hi !== undefined && y.lo !== undefined) {
        const order = compareRationals(x.hi.value, y.lo.value);
        // x <= X.hi <= Y.lo <= y: x < y unless both bounds are attained and equal.
        if (order < 0 || (order === 0 && (!strict || x.hi.strict || y.lo.strict))) return true;
    }
    if (x.lo !== undefined && y.hi !== undefined) {
        const order = compareRationals(x.lo.value, y.hi.value);
        // y <= Y.hi <= X.lo <= x: never x < y; never x <= y unless both bounds are attained and equal.
        if (order > 0 || (order === 0 && (strict || x.lo.strict || y.hi.strict))) return false;
    }
    return undefined;
}

/** `true`/`false` when `x == y` has that value for every member; `undefined` otherwise. */
export function equalRealIntervals(x: RealInterval, y: RealInterval): boolean | undefined {
    const [kx, ky] = [exactRealValue(x), exactRealValue(y)];
    if (kx !== undefined && ky !== undefined) return compareRationals(kx, ky) === 0;
    return meetReals(x, y) === undefined ? false : undefined;
}

/** The largest integer interval inside a real one (for `toReal(n) < 2.5` and the like): `[lo, hi]`, missing bounds infinite. */
export function integersWithin(a: RealInterval): [bigint | undefined, bigint | undefined] {
    const lo = a.lo === undefined ? undefined : ceilingAbove(a.lo);
    const hi = a.hi === undefined ? undefined : floorBelow(a.hi);
    return [lo, hi];
}

function ceilingAbove(b: RealBound): bigint {
    const { numerator: n, denominator: d } = b.value;
    const floor = floorOf(n, d);
    // The least integer > value (strict) or >= value.
    return floor * d === n ? (b.strict ? floor + 1n : floor) : floor + 1n;
}

function floorBelow(b: RealBound): bigint {
    const { numerator: n, denominator: d } = b.value;
    const floor = floorOf(n, d);
    return floor * d === n && b.strict ? floor - 1n : floor;
}

function floorOf(n: bigint, d: bigint): bigint {
    const q = n / d;
    return q * d > n ? q - 1n : q;
}

/** Some value strictly inside the interval (its only value when it is a point): the midpoint, or a bound ± 1. */
function interiorPoint(a: RealInterval): Rational {
    if (a.lo !== undefined && a.hi !== undefined) return multiplyRationals(addRationals(a.lo.value, a.hi.value), rational(1n, 2n));
    if (a.lo !== undefined) return addRationals(a.lo.value, one);
    if (a.hi !== undefined) return addRationals(a.hi.value, negateRational(one));
    return zero;
}

/** Candidate witnesses: 0 when allowed, an attained lower or upper bound, else the interior point. */
export function realCandidate(a: RealInterval, choice: 'nearZero' | 'lowest' | 'highest' | 'interior'): Rational {
    const contains = (value: Rational): boolean => meetReals(a, exactReal(value)) !== undefined;
    switch (choice) {
        case 'nearZero': return contains(zero) ? zero : interiorPoint(a);
        case 'lowest': return a.lo !== undefined && !a.lo.strict ? a.lo.value : a.lo === undefined && a.hi === undefined ? zero : interiorPoint(a);
        case 'highest': return a.hi !== undefined && !a.hi.strict ? a.hi.value : a.lo === undefined && a.hi === undefined ? one : interiorPoint(a);
        case 'interior': return interiorPoint(a);
    }
}

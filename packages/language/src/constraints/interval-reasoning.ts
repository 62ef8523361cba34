import {
    type RealInterval, addReals, anyReal, compareRealIntervals, divideReals, equalRealIntervals, exactReal, extremumOfReals,
    integersWithin, joinReals, meetReals, multiplyReals, negateReals, realCandidate, realInterval, realOfIntegers, sameRealInterval,
} from './real-intervals.js';
import { type Constant, type Term, type Variable, boolTerm, intTerm, printTerm, realTerm, sortOf, variablesOf } from './terms.js';
import { evaluate } from './values.js';
import type { SolverAnswer, SolverQuery } from './z3-engine.js';

/**
 * Decides the easy problems without Z3, never claiming what Z3 would not prove:
 *
 * - **unsat**, for a question "can this violation happen?" (one tracked clause, no core to
 *   minimise): the assumptions bound each integer variable to a strided interval
 *   (`lo <= x <= hi`, `x ≡ r (mod m)`); if the tracked clause is false for every value in those
 *   sets, no model exists. Each abstract value over-approximates the values the variable can take
 *   in a model, so "false on the abstraction" means "false in every model".
 * - **sat**, only for queries that do not want a model (`needsModel: false`): a few candidate
 *   values per variable are tried, and a candidate is accepted only when every clause folds to
 *   `true` with exact arithmetic (a division by zero does not fold, so it is never accepted).
 *
 * Real (`float`) variables are abstracted by intervals with exact rational bounds, each strict or
 * not (real-intervals.ts), learnt from linear comparisons; a real witness is picked inside its
 * interval (0, an attained bound, the midpoint, or a bound ± 1) and checked exactly like the others.
 *
 * Anything else is `undefined`: left to Z3.
 */
export function decideByIntervals(query: SolverQuery): SolverAnswer | undefined {
    if (!query.minimizeCore && query.tracked.length === 1) {
        const facts = refine(query.assumptions);
        if (facts === undefined || truthOf(query.tracked[0]!, facts) === false) return { status: 'unsat', core: [0] };
        // The violation taken as a fact too: bounds it adds may contradict the assumptions'.
        if (refine([...query.assumptions, query.tracked[0]!]) === undefined) return { status: 'unsat', core: [0] };
    }
    if (query.needsModel === false) {
        const clauses = [...query.assumptions, ...query.tracked];
        const facts = refine(clauses);
        if (facts === undefined) return undefined;
        const model = findWitness(clauses, facts);
        if (model !== undefined) return { status: 'sat', model };
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------
// The abstract domain

/**
 * The integers `x` with `lo <= x <= hi` (a missing bound is infinite) and `x ≡ residue (mod modulus)`
 * (`modulus >= 1`, `0 <= residue < modulus`). Never empty: an empty set is `undefined`.
 */
export interface StridedInterval {
    readonly lo?: bigint;
    readonly hi?: bigint;
    readonly modulus: bigint;
    readonly residue: bigint;
}

const anyInteger: StridedInterval = { modulus: 1n, residue: 0n };

function exactly(value: bigint): StridedInterval {
    return { lo: value, hi: value, modulus: 1n, residue: 0n };
}

function exactValue(a: StridedInterval): bigint | undefined {
    return a.lo !== undefined && a.lo === a.hi ? a.lo : undefined;
}

/** Tightens the bounds to the congruence; `undefined` when no value is left. */
export function stridedInterval(lo: bigint | undefined, hi: bigint | undefined, modulus = 1n, residue = 0n): StridedInterval | undefined {
    const m = modulus < 0n ? -modulus : modulus;
    if (m === 0n) return lo !== undefined && lo > residue || hi !== undefined && hi < residue ? undefined : exactly(residue);
    const r = remainder(residue, m);
    const low = lo === undefined ? undefined : lo + remainder(r - lo, m);
    const high = hi === undefined ? undefined : hi - remainder(hi - r, m);
    if (low !== undefined && high !== undefined && low > high) return undefined;
    if (low !== undefined && low === high) return exactly(low);
    return { ...(low === undefined ? {} : { lo: low }), ...(high === undefined ? {} : { hi: high }), modulus: m, residue: r };
}

/** The values in both; `undefined` when none. */
export function meet(a: StridedInterval, b: StridedInterval): StridedInterval | undefined {
    const congruence = combineCongruences(a.modulus, a.residue, b.modulus, b.residue);
    if (congruence === undefined) return undefined;
    const lo = a.lo === undefined ? b.lo : b.lo === undefined ? a.lo : maxOf(a.lo, b.lo);
    const hi = a.hi === undefined ? b.hi : b.hi === undefined ? a.hi : minOf(a.hi, b.hi);
    return stridedInterval(lo, hi, congruence[0], congruence[1]);
}

/** Some set holding both (the smallest the domain can express). */
function join(a: StridedInterval, b: StridedInterval): StridedInterval {
    const lo = a.lo === undefined || b.lo === undefined ? undefined : minOf(a.lo, b.lo);
    const hi = a.hi === undefined || b.hi === undefined ? undefined : maxOf(a.hi, b.hi);
    const modulus = gcd(gcd(a.modulus, b.modulus), abs(a.residue - b.residue)) || 1n;
    return stridedInterval(lo, hi, modulus, a.residue) ?? anyInteger;
}

/** x ≡ r1 (m1) and x ≡ r2 (m2) as one congruence (Chinese remainder theorem); `undefined` when incompatible. */
function combineCongruences(m1: bigint, r1: bigint, m2: bigint, r2: bigint): [bigint, bigint] | undefined {
    const g = gcd(m1, m2);
    if (remainder(r2 - r1, g) !== 0n) return undefined;
    const [m1g, m2g] = [m1 / g, m2 / g];
    const t = remainder(((r2 - r1) / g) * inverse(m1g, m2g), m2g);
    const modulus = m1g * m2;
    return [modulus, remainder(r1 + m1 * t, modulus)];
}

function addIntervals(a: StridedInterval, b: StridedInterval): StridedInterval {
    const lo = a.lo === undefined || b.lo === undefined ? undefined : a.lo + b.lo;
    const hi = a.hi === undefined || b.hi === undefined ? undefined : a.hi + b.hi;
    const modulus = gcd(a.modulus, b.modulus);
    return stridedInterval(lo, hi, modulus, a.residue + b.residue) ?? anyInteger;
}

function negate(a: StridedInterval): StridedInterval {
    return stridedInterval(a.hi === undefined ? undefined : -a.hi, a.lo === undefined ? undefined : -a.lo, a.modulus, -a.residue) ?? anyInteger;
}

function multiply(a: StridedInterval, b: StridedInterval): StridedInterval {
    const [ka, kb] = [exactValue(a), exactValue(b)];
    if (ka !== undefined && kb !== undefined) return exactly(ka * kb);
    if (ka !== undefined || kb !== undefined) {
        const [k, x] = ka !== undefined ? [ka, b] : [kb!, a];
        if (k === 0n) return exactly(0n);
        const scaled = [x.lo === undefined ? undefined : x.lo * k, x.hi === undefined ? undefined : x.hi * k];
        const [lo, hi] = k > 0n ? scaled : [scaled[1], scaled[0]];
        return stridedInterval(lo, hi, abs(k) * x.modulus, k * x.residue) ?? anyInteger;
    }
    const modulus = gcd(gcd(a.modulus * b.modulus, a.modulus * b.residue), b.modulus * a.residue) || 1n;
    const residue = a.residue * b.residue;
    if (a.lo !== undefined && a.hi !== undefined && b.lo !== undefined && b.hi !== undefined) {
        const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
        return stridedInterval(products.reduce(minOf), products.reduce(maxOf), modulus, residue) ?? anyInteger;
    }
    if (a.lo !== undefined && a.lo >= 0n && b.lo !== undefined && b.lo >= 0n) {
        const hi = a.hi === undefined || b.hi === undefined ? undefined : a.hi * b.hi;
        return stridedInterval(a.lo * b.lo, hi, modulus, residue) ?? anyInteger;
    }
    return stridedInterval(undefined, undefined, modulus, residue) ?? anyInteger;
}

/** SMT-LIB's Euclidean `mod` by a known non-zero divisor (anything else is unknown). */
function modulo(a: StridedInterval, b: StridedInterval): StridedInterval {
    const k = exactValue(b);
    if (k === undefined || k === 0n) return anyInteger;
    const size = abs(k);
    if (a.modulus % size === 0n) return exactly(remainder(a.residue, size));
    if (a.lo !== undefined && a.lo >= 0n && a.hi !== undefined && a.hi < size) return a;
    const g = gcd(a.modulus, size);
    return stridedInterval(0n, size - 1n, g, a.residue) ?? anyInteger;
}

/** SMT-LIB's Euclidean `div` by a known non-zero divisor (anything else is unknown). */
function divide(a: StridedInterval, b: StridedInterval): StridedInterval {
    const k = exactValue(b);
    if (k === undefined || k === 0n) return anyInteger;
    const size = abs(k);
    const floorLo = a.lo === undefined ? undefined : floorDivision(a.lo, size);
    const floorHi = a.hi === undefined ? undefined : floorDivision(a.hi, size);
    // For k > 0 the Euclidean quotient is floor(a / k); for k < 0 it is -floor(a / |k|).
    return k > 0n
        ? stridedInterval(floorLo, floorHi) ?? anyInteger
        : stridedInterval(floorHi === undefined ? undefined : -floorHi, floorLo === undefined ? undefined : -floorLo) ?? anyInteger;
}

function extremum(op: 'min' | 'max', a: StridedInterval, b: StridedInterval): StridedInterval {
    const pick = op === 'min' ? minOf : maxOf;
    // A missing bound is -∞ for `lo` and +∞ for `hi`.
    const lo = op === 'min' ? (a.lo === undefined || b.lo === undefined ? undefined : pick(a.lo, b.lo)) : (a.lo === undefined ? b.lo : b.lo === undefined ? a.lo : pick(a.lo, b.lo));
    const hi = op === 'max' ? (a.hi === undefined || b.hi === undefined ? undefined : pick(a.hi, b.hi)) : (a.hi === undefined ? b.hi : b.hi === undefined ? a.hi : pick(a.hi, b.hi));
    const both = join(a, b);
    return stridedInterval(lo, hi, both.modulus, both.residue) ?? anyInteger;
}

// ---------------------------------------------------------------------------------------
// Evaluation over the abstraction

/** What the assumptions say of each variable. */
interface Facts {
    readonly integers: Map<string, StridedInterval>;
    readonly reals: Map<string, RealInterval>;
    readonly booleans: Map<string, boolean>;
    /**
     * The clauses that hold (conjuncts of the facts, printed), and those whose negation holds: a
     * relational clause such as `batch <= rows` repeated by a callee is true without abstraction.
     */
    readonly holding: Set<string>;
    readonly failing: Set<string>;
}

const printed = new WeakMap<Term, string>();

function keyOf(term: Term): string {
    let key = printed.get(term);
    if (key === undefined) {
        key = printTerm(term);
        printed.set(term, key);
    }
    return key;
}

/** The set an integer term's values lie in; `undefined` for a term that is not an integer. */
function rangeOf(term: Term, facts: Facts): StridedInterval | undefined {
    switch (term.op) {
        case 'int': return exactly(term.value);
        case 'real': case 'bool': return undefined;
        case 'var': return term.sort === 'int' ? facts.integers.get(term.name) ?? anyInteger : undefined;
    }
    if (term.sort !== 'int') return undefined;
    const ranges = term.args.map(arg => rangeOf(arg, facts));
    if (term.op === 'ite') {
        const condition = truthOf(term.args[0]!, facts);
        const [then, otherwise] = [ranges[1], ranges[2]];
        if (then === undefined || otherwise === undefined) return anyInteger;
        return condition === undefined ? join(then, otherwise) : condition ? then : otherwise;
    }
    if (ranges.some(range => range === undefined)) return anyInteger;
    const [a, b] = ranges as StridedInterval[];
    switch (term.op) {
        case 'add': return addIntervals(a!, b!);
        case 'sub': return addIntervals(a!, negate(b!));
        case 'neg': return negate(a!);
        case 'mul': return multiply(a!, b!);
        case 'mod': return modulo(a!, b!);
        case 'div': return divide(a!, b!);
        case 'min': case 'max': return extremum(term.op, a!, b!);
        default: return anyInteger;
    }
}

/** The interval a real term's values lie in; `undefined` for a term that is not a real. */
function realRangeOf(term: Term, facts: Facts): RealInterval | undefined {
    switch (term.op) {
        case 'real': return exactReal(term);
        case 'int': case 'bool': return undefined;
        case 'var': return term.sort === 'real' ? facts.reals.get(term.name) ?? anyReal : undefined;
    }
    if (term.sort !== 'real') return undefined;
    if (term.op === 'toReal') {
        const range = rangeOf(term.args[0]!, facts);
        return range === undefined ? anyReal : realOfIntegers(range.lo, range.hi);
    }
    if (term.op === 'ite') {
        const condition = truthOf(term.args[0]!, facts);
        const [then, otherwise] = [realRangeOf(term.args[1]!, facts), realRangeOf(term.args[2]!, facts)];
        if (then === undefined || otherwise === undefined) return anyReal;
        return condition === undefined ? joinReals(then, otherwise) : condition ? then : otherwise;
    }
    const ranges = term.args.map(arg => realRangeOf(arg, facts));
    if (ranges.some(range => range === undefined)) return anyReal;
    const [a, b] = ranges as RealInterval[];
    switch (term.op) {
        case 'add': return addReals(a!, b!);
        case 'sub': return addReals(a!, negateReals(b!));
        case 'neg': return negateReals(a!);
        case 'mul': return multiplyReals(a!, b!);
        case 'div': return divideReals(a!, b!);
        case 'min': case 'max': return extremumOfReals(term.op, a!, b!);
        default: return anyReal;
    }
}

/** `true` or `false` when the term has that value in every model the facts allow; `undefined` when not known. */
function truthOf(term: Term, facts: Facts): boolean | undefined {
    switch (term.op) {
        case 'bool': return term.value;
        case 'var': return term.sort === 'bool' ? facts.booleans.get(term.name) : undefined;
        case 'int': case 'real': return undefined;
    }
    if (facts.holding.size > 0 && (term.op === 'lt' || term.op === 'le' || term.op === 'eq' || term.op === 'not')) {
        const key = keyOf(term);
        if (facts.holding.has(key)) return true;
        if (facts.failing.has(key)) return false;
    }
    const [a, b, c] = term.args;
    switch (term.op) {
        case 'not': {
            const value = truthOf(a!, facts);
            return value === undefined ? undefined : !value;
        }
        case 'and': {
            const values = term.args.map(arg => truthOf(arg, facts));
            return values.includes(false) ? false : values.every(value => value === true) ? true : undefined;
        }
        case 'or': {
            const values = term.args.map(arg => truthOf(arg, facts));
            return values.includes(true) ? true : values.every(value => value === false) ? false : undefined;
        }
        case 'ite': {
            const condition = truthOf(a!, facts);
            if (condition !== undefined) return truthOf(condition ? b! : c!, facts);
            const [then, otherwise] = [truthOf(b!, facts), truthOf(c!, facts)];
            return then === otherwise ? then : undefined;
        }
        case 'eq': {
            if (a!.op === 'bool' || (a!.op !== 'int' && a!.op !== 'real' && a!.sort === 'bool')) {
                const [x, y] = [truthOf(a!, facts), truthOf(b!, facts)];
                return x === undefined || y === undefined ? undefined : x === y;
            }
            if (sortOf(a!) === 'real' || sortOf(b!) === 'real') {
                const [x, y] = [realRangeOf(a!, facts), realRangeOf(b!, facts)];
                return x === undefined || y === undefined ? undefined : equalRealIntervals(x, y);
            }
            const [x, y] = [rangeOf(a!, facts), rangeOf(b!, facts)];
            if (x === undefined || y === undefined) return undefined;
            const [kx, ky] = [exactValue(x), exactValue(y)];
            if (kx !== undefined && ky !== undefined) return kx === ky;
            return meet(x, y) === undefined ? false : undefined;
        }
        case 'lt': case 'le': {
            if (sortOf(a!) === 'real' || sortOf(b!) === 'real') {
                const [x, y] = [realRangeOf(a!, facts), realRangeOf(b!, facts)];
                return x === undefined || y === undefined ? undefined : compareRealIntervals(term.op === 'lt', x, y);
            }
            const [x, y] = [rangeOf(a!, facts), rangeOf(b!, facts)];
            if (x === undefined || y === undefined) return undefined;
            const strict = term.op === 'lt';
            if (x.hi !== undefined && y.lo !== undefined && (strict ? x.hi < y.lo : x.hi <= y.lo)) return true;
            if (x.lo !== undefined && y.hi !== undefined && (strict ? x.lo >= y.hi : x.lo > y.hi)) return false;
            return undefined;
        }
        default: return undefined;
    }
}

/** The facts that `clauses` (all holding) give; `undefined` when they cannot hold together. */
function refine(clauses: readonly Term[]): Facts | undefined {
    const facts: Facts = { integers: new Map(), reals: new Map(), booleans: new Map(), holding: new Set(), failing: new Set() };
    const conjuncts: Term[] = [];
    const flatten = (term: Term): void => {
        if (term.op === 'and') term.args.forEach(flatten);
        else conjuncts.push(term);
    };
    clauses.forEach(flatten);
    // Recorded once the bounds are known (while refining, a clause must not vouch for itself).
    const remember = (): void => {
        for (const conjunct of conjuncts) {
            if (conjunct.op === 'not') facts.failing.add(keyOf(conjunct.args[0]!));
            if (conjunct.op === 'lt' || conjunct.op === 'le' || conjunct.op === 'eq' || conjunct.op === 'not') facts.holding.add(keyOf(conjunct));
        }
    };
    // Bounds flow between variables (`bb == b * 2` after `b in 8..512`): a few rounds reach a fixed point in practice.
    for (let round = 0; round < 4; round++) {
        let changed = false;
        const narrow = (name: string, range: StridedInterval | undefined): boolean => {
            const current = facts.integers.get(name) ?? anyInteger;
            const narrowed = range === undefined ? undefined : meet(current, range);
            if (narrowed === undefined) return false;
            if (!sameInterval(current, narrowed)) {
                facts.integers.set(name, narrowed);
                changed = true;
            }
            return true;
        };
        const narrowReal = (name: string, range: RealInterval | undefined): boolean => {
            const current = facts.reals.get(name) ?? anyReal;
            const narrowed = range === undefined ? undefined : meetReals(current, range);
            if (narrowed === undefined) return false;
            if (!sameRealInterval(current, narrowed)) {
                facts.reals.set(name, narrowed);
                changed = true;
            }
            return true;
        };
        for (const conjunct of conjuncts) {
            if (truthOf(conjunct, facts) === false) return undefined;
            if (!learn(conjunct, facts, narrow) || !learnReal(conjunct, facts, narrow, narrowReal)) return undefined;
        }
        if (!changed) break;
    }
    remember();
    for (const key of facts.failing) if (facts.holding.has(key)) return undefined;
    return facts;
}

/** Narrows the facts by one clause that holds; `false` when it makes a variable's set empty. */
function learn(fact: Term, facts: Facts, narrow: (name: string, range: StridedInterval | undefined) => boolean): boolean {
    if (fact.op === 'var' && fact.sort === 'bool') {
        facts.booleans.set(fact.name, true);
        return true;
    }
    if (fact.op === 'bool' || fact.op === 'int' || fact.op === 'real' || fact.op === 'var') return true;
    const [a, b] = fact.args;
    switch (fact.op) {
        case 'not': {
            if (a!.op === 'var' && a!.sort === 'bool') {
                facts.booleans.set(a!.name, false);
                return true;
            }
            // not (x < y) is y <= x; not (x <= y) is y < x.
            if (a!.op === 'lt' || a!.op === 'le') {
                const [x, y] = (a as { args: readonly Term[] }).args;
                return learn({ op: a!.op === 'lt' ? 'le' : 'lt', sort: 'bool', args: [y!, x!] }, facts, narrow);
            }
            return true;
        }
        case 'lt': case 'le': {
            const slack = fact.op === 'lt' ? 1n : 0n;
            if (isIntVariable(a!)) {
                const bound = rangeOf(b!, facts);
                if (bound?.hi !== undefined && !narrow(a.name, stridedInterval(undefined, bound.hi - slack))) return false;
            }
            if (isIntVariable(b!)) {
                const bound = rangeOf(a!, facts);
                if (bound?.lo !== undefined && !narrow(b.name, stridedInterval(bound.lo + slack, undefined))) return false;
            }
            return true;
        }
        case 'eq': {
            if (isIntVariable(a!) && !narrow(a.name, rangeOf(b!, facts))) return false;
            if (isIntVariable(b!) && !narrow(b.name, rangeOf(a!, facts))) return false;
            // x % k == c
            for (const [left, right] of [[a!, b!], [b!, a!]] as const) {
                if (left.op !== 'mod' || !isIntVariable(left.args[0]!)) continue;
                const divisor = left.args[1]!;
                const value = rangeOf(right, facts);
                const residue = value === undefined ? undefined : exactValue(value);
                if (divisor.op !== 'int' || divisor.value === 0n || residue === undefined) continue;
                if (residue < 0n || residue >= abs(divisor.value)) return false;
                if (!narrow(left.args[0].name, stridedInterval(undefined, undefined, divisor.value, residue))) return false;
            }
            return true;
        }
        default: return true;
    }
}

/**
 * Narrows real variables (and integer ones seen through `toReal`) by one comparison over reals
 * that holds; `false` when a set becomes empty.
 */
function learnReal(
    fact: Term, facts: Facts,
    narrow: (name: string, range: StridedInterval | undefined) => boolean,
    narrowReal: (name: string, range: RealInterval | undefined) => boolean,
): boolean {
    if (fact.op === 'not') {
        const inner = fact.args[0]!;
        // Reals are totally ordered: not (x < y) is y <= x; not (x <= y) is y < x.
        if ((inner.op === 'lt' || inner.op === 'le') && isRealComparison(inner)) {
            const [x, y] = (inner as { args: readonly Term[] }).args;
            return learnReal({ op: inner.op === 'lt' ? 'le' : 'lt', sort: 'bool', args: [y!, x!] }, facts, narrow, narrowReal);
        }
        return true;
    }
    if ((fact.op !== 'lt' && fact.op !== 'le' && fact.op !== 'eq') || !isRealComparison(fact)) return true;
    const [a, b] = fact.args;
    const limit = (target: Term, range: RealInterval | undefined): boolean => {
        if (range === undefined) return true;
        if (target.op === 'var' && target.sort === 'real') return narrowReal(target.name, range);
        if (target.op === 'toReal' && isIntVariable(target.args[0]!)) {
            const [lo, hi] = integersWithin(range);
            if (lo !== undefined && hi !== undefined && lo > hi) return false;
            return narrow(target.args[0].name, stridedInterval(lo, hi));
        }
        return true;
    };
    const [x, y] = [realRangeOf(a!, facts), realRangeOf(b!, facts)];
    if (x === undefined || y === undefined) return true;
    if (fact.op === 'eq') return limit(a!, y) && limit(b!, x);
    // a < b (or <=): a is below b's upper bound, b above a's lower bound.
    const strict = fact.op === 'lt';
    const below = y.hi === undefined ? undefined : realInterval(undefined, { value: y.hi.value, strict: strict || y.hi.strict });
    const above = x.lo === undefined ? undefined : realInterval({ value: x.lo.value, strict: strict || x.lo.strict }, undefined);
    return limit(a!, below) && limit(b!, above);
}

function isRealComparison(term: Term): boolean {
    return term.op !== 'int' && term.op !== 'real' && term.op !== 'bool' && term.op !== 'var'
        && term.args.length === 2 && (sortOf(term.args[0]!) === 'real' || sortOf(term.args[1]!) === 'real');
}

function isIntVariable(term: Term): term is Variable {
    return term.op === 'var' && term.sort === 'int';
}

function sameInterval(a: StridedInterval, b: StridedInterval): boolean {
    return a.lo === b.lo && a.hi === b.hi && a.modulus === b.modulus && a.residue === b.residue;
}

// ---------------------------------------------------------------------------------------
// Witnesses

/** Values that make every clause fold to `true`, tried from a few candidates per variable. */
function findWitness(clauses: readonly Term[], facts: Facts): Map<string, Constant> | undefined {
    const variables = variablesOf(...clauses);
    for (const choice of ['nearZero', 'lowest', 'highest', 'interior'] as const) {
        const model = new Map<string, Constant>();
        for (const variable of variables) {
            const value = candidate(variable, facts, choice);
            if (value === undefined) break;
            model.set(variable.name, value);
        }
        if (model.size !== variables.length) continue;
        if (clauses.every(clause => {
            const value = evaluate(clause, model);
            return value.op === 'bool' && value.value;
        })) return model;
    }
    return undefined;
}

function candidate(variable: Variable, facts: Facts, choice: 'nearZero' | 'lowest' | 'highest' | 'interior'): Constant | undefined {
    switch (variable.sort) {
        case 'bool': return boolTerm(facts.booleans.get(variable.name) ?? choice !== 'highest');
        case 'real': {
            const value = realCandidate(facts.reals.get(variable.name) ?? anyReal, choice);
            return realTerm(value.numerator, value.denominator);
        }
        case 'int': {
            const range = facts.integers.get(variable.name) ?? anyInteger;
            const value = choice === 'lowest' ? range.lo : choice === 'highest' ? range.hi : choice === 'interior' ? middle(range) : nearZero(range);
            return value === undefined ? undefined : intTerm(value);
        }
    }
}

/** A member near the middle of a bounded set (else near 0). */
function middle(range: StridedInterval): bigint | undefined {
    if (range.lo === undefined || range.hi === undefined) return nearZero(range);
    const mid = floorDivision(range.lo + range.hi, 2n);
    const down = mid - remainder(mid - range.residue, range.modulus);
    return down >= range.lo ? down : range.lo;
}

/** The member of the set closest to 0 from above (or the largest, when all are negative). */
function nearZero(range: StridedInterval): bigint | undefined {
    const start = range.lo !== undefined && range.lo > 0n ? range.lo : range.hi !== undefined && range.hi < 0n ? range.hi : 0n;
    const up = start + remainder(range.residue - start, range.modulus);
    if (range.hi === undefined || up <= range.hi) return up;
    const down = start - remainder(start - range.residue, range.modulus);
    return range.lo === undefined || down >= range.lo ? down : undefined;
}

// ---------------------------------------------------------------------------------------
// Integer helpers

function remainder(value: bigint, modulus: bigint): bigint {
    const r = value % modulus;
    return r < 0n ? r + modulus : r;
}

function floorDivision(value: bigint, divisor: bigint): bigint {
    return (value - remainder(value, divisor)) / divisor;
}

function abs(value: bigint): bigint {
    return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
    [a, b] = [abs(a), abs(b)];
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
}

/** The inverse of `a` modulo `m` (`a` and `m` coprime; 0 when `m` is 1). */
function inverse(a: bigint, m: bigint): bigint {
    if (m === 1n) return 0n;
    let [oldR, r] = [remainder(a, m), m];
    let [oldS, s] = [1n, 0n];
    while (r !== 0n) {
        const q = oldR / r;
        [oldR, r] = [r, oldR - q * r];
        [oldS, s] = [s, oldS - q * s];
    }
    return remainder(oldS, m);
}

function minOf(a: bigint, b: bigint): bigint {
    return a < b ? a : b;
}

function maxOf(a: bigint, b: bigint): bigint {
    return a > b ? a : b;
}

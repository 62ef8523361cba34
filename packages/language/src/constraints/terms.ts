/**
 * The solver's view of Weft expressions: a small, immutable term language with exact constants
 * (integers as `bigint`, reals as rationals). Terms are built through the functions below,
 * which fold constants as they go, so that a problem whose values are all known never reaches
 * Z3. Integer `/` and `%` are Euclidean, as in SMT-LIB (and as TypeScript's `Math.trunc` and `%`
 * for non-negative operands): `a == b * (a / b) + a % b` with `0 <= a % b < |b|`. Division by
 * zero is left to the solver, which may give it any value.
 */

export type Sort = 'int' | 'real' | 'bool';

/** What a variable's integer counts, for printing its values (`16Gi`, `2h`, `500m`). */
export type Unit = 'memory' | 'duration' | 'cpu';

export interface IntConstant { readonly op: 'int'; readonly value: bigint }
export interface RealConstant { readonly op: 'real'; readonly numerator: bigint; readonly denominator: bigint }
export interface BoolConstant { readonly op: 'bool'; readonly value: boolean }
export interface Variable { readonly op: 'var'; readonly sort: Sort; readonly name: string; readonly unit?: Unit }

export type Operator = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'neg' | 'min' | 'max' | 'toReal'
    | 'lt' | 'le' | 'eq' | 'not' | 'and' | 'or' | 'ite';

export interface Application { readonly op: Operator; readonly sort: Sort; readonly args: readonly Term[] }

export type Constant = IntConstant | RealConstant | BoolConstant;
export type Term = Constant | Variable | Application;

const trueTerm: BoolConstant = { op: 'bool', value: true };
const falseTerm: BoolConstant = { op: 'bool', value: false };

export function intTerm(value: bigint | number): IntConstant {
    return { op: 'int', value: BigInt(value) };
}

export function boolTerm(value: boolean): BoolConstant {
    return value ? trueTerm : falseTerm;
}

export function realTerm(numerator: bigint, denominator = 1n): RealConstant {
    if (denominator === 0n) throw new RangeError('a real constant needs a non-zero denominator');
    const sign = denominator < 0n ? -1n : 1n;
    const divisor = gcd(abs(numerator), abs(denominator)) || 1n;
    return { op: 'real', numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

/** A decimal literal (`3e-4`, `0.5`, `1_000`) as an exact rational. */
export function rationalOfDecimal(text: string): RealConstant | undefined {
    const match = /^([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text.replaceAll('_', ''));
    if (!match) return undefined;
    const fraction = match[2] ?? '';
    let numerator = BigInt(match[1]! + fraction);
    let denominator = 10n ** BigInt(fraction.length);
    const exponent = Number(match[3] ?? '0');
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
    return realTerm(numerator, denominator);
}

export function variable(name: string, sort: Sort, unit?: Unit): Variable {
    return unit === undefined ? { op: 'var', sort, name } : { op: 'var', sort, name, unit };
}

export function sortOf(term: Term): Sort {
    switch (term.op) {
        case 'int': return 'int';
        case 'real': return 'real';
        case 'bool': return 'bool';
        default: return term.sort;
    }
}

export function isConstant(term: Term): term is Constant {
    return term.op === 'int' || term.op === 'real' || term.op === 'bool';
}

// ---------------------------------------------------------------------------------------
// Arithmetic: ints stay ints; an int meeting a real becomes a real.

type Numeric = IntConstant | RealConstant;

function toReal(term: Term): Term {
    if (sortOf(term) !== 'int') return term;
    if (term.op === 'int') return realTerm(term.value);
    return { op: 'toReal', sort: 'real', args: [term] };
}

function unify(a: Term, b: Term): [Term, Term, Sort] {
    if (sortOf(a) === 'real' || sortOf(b) === 'real') return [toReal(a), toReal(b), 'real'];
    return [a, b, 'int'];
}

function asRational(term: Numeric): [bigint, bigint] {
    return term.op === 'int' ? [term.value, 1n] : [term.numerator, term.denominator];
}

function isNumeric(term: Term): term is Numeric {
    return term.op === 'int' || term.op === 'real';
}

export function add(a: Term, b: Term): Term {
    const [x, y, sort] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) return numeric(sort, x, y, (p, q, r, s) => [p * s + r * q, q * s]);
    if (isZero(y)) return x;
    if (isZero(x)) return y;
    return { op: 'add', sort, args: [x, y] };
}

export function sub(a: Term, b: Term): Term {
    const [x, y, sort] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) return numeric(sort, x, y, (p, q, r, s) => [p * s - r * q, q * s]);
    if (isZero(y)) return x;
    return { op: 'sub', sort, args: [x, y] };
}

export function mul(a: Term, b: Term): Term {
    const [x, y, sort] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) return numeric(sort, x, y, (p, q, r, s) => [p * r, q * s]);
    if (isOne(y)) return x;
    if (isOne(x)) return y;
    return { op: 'mul', sort, args: [x, y] };
}

/** Integer division for ints (Euclidean), exact division for reals. */
export function div(a: Term, b: Term): Term {
    const [x, y, sort] = unify(a, b);
    if (isNumeric(x) && isNumeric(y) && !isZero(y)) {
        if (sort === 'int') return intTerm(euclideanDivision((x as IntConstant).value, (y as IntConstant).value)[0]);
        return numeric(sort, x, y, (p, q, r, s) => [p * s, q * r]);
    }
    if (isOne(y)) return x;
    return { op: 'div', sort, args: [x, y] };
}

/** The Euclidean remainder (ints only; a real operand has no remainder and stays symbolic). */
export function mod(a: Term, b: Term): Term {
    const [x, y, sort] = unify(a, b);
    if (sort === 'int' && x.op === 'int' && y.op === 'int' && y.value !== 0n) return intTerm(euclideanDivision(x.value, y.value)[1]);
    return { op: 'mod', sort, args: [x, y] };
}

export function neg(a: Term): Term {
    if (a.op === 'int') return intTerm(-a.value);
    if (a.op === 'real') return realTerm(-a.numerator, a.denominator);
    return { op: 'neg', sort: sortOf(a), args: [a] };
}

export function min(a: Term, b: Term): Term {
    return extremum('min', a, b);
}

export function max(a: Term, b: Term): Term {
    return extremum('max', a, b);
}

function extremum(op: 'min' | 'max', a: Term, b: Term): Term {
    const [x, y, sort] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) {
        const smaller = compare(x, y) <= 0;
        return (op === 'min') === smaller ? x : y;
    }
    return { op, sort, args: [x, y] };
}

function numeric(sort: Sort, x: Numeric, y: Numeric, combine: (p: bigint, q: bigint, r: bigint, s: bigint) => [bigint, bigint]): Term {
    const [p, q] = asRational(x);
    const [r, s] = asRational(y);
    const [numerator, denominator] = combine(p, q, r, s);
    if (sort === 'int') return intTerm(numerator / denominator);
    return realTerm(numerator, denominator);
}

/** `[quotient, remainder]` with `0 <= remainder < |divisor|`. */
export function euclideanDivision(dividend: bigint, divisor: bigint): [bigint, bigint] {
    let remainder = dividend % divisor;
    if (remainder < 0n) remainder += abs(divisor);
    return [(dividend - remainder) / divisor, remainder];
}

function compare(x: Numeric, y: Numeric): number {
    const [p, q] = asRational(x);
    const [r, s] = asRational(y);
    const difference = p * s - r * q;
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

function isZero(term: Term): boolean {
    return (term.op === 'int' && term.value === 0n) || (term.op === 'real' && term.numerator === 0n);
}

function isOne(term: Term): boolean {
    return (term.op === 'int' && term.value === 1n) || (term.op === 'real' && term.numerator === 1n && term.denominator === 1n);
}

// ---------------------------------------------------------------------------------------
// Comparisons and logic

export function lt(a: Term, b: Term): Term {
    const [x, y] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) return boolTerm(compare(x, y) < 0);
    return { op: 'lt', sort: 'bool', args: [x, y] };
}

export function le(a: Term, b: Term): Term {
    const [x, y] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) return boolTerm(compare(x, y) <= 0);
    return { op: 'le', sort: 'bool', args: [x, y] };
}

export function gt(a: Term, b: Term): Term {
    return lt(b, a);
}

export function ge(a: Term, b: Term): Term {
    return le(b, a);
}

export function eq(a: Term, b: Term): Term {
    if (sortOf(a) === 'bool' || sortOf(b) === 'bool') {
        if (a.op === 'bool' && b.op === 'bool') return boolTerm(a.value === b.value);
        return { op: 'eq', sort: 'bool', args: [a, b] };
    }
    const [x, y] = unify(a, b);
    if (isNumeric(x) && isNumeric(y)) return boolTerm(compare(x, y) === 0);
    return { op: 'eq', sort: 'bool', args: [x, y] };
}

export function ne(a: Term, b: Term): Term {
    return not(eq(a, b));
}

export function not(a: Term): Term {
    if (a.op === 'bool') return boolTerm(!a.value);
    if (a.op === 'not') return (a as Application).args[0]!;
    return { op: 'not', sort: 'bool', args: [a] };
}

export function and(...terms: readonly Term[]): Term {
    const kept: Term[] = [];
    for (const term of terms) {
        if (term.op === 'bool') {
            if (!term.value) return falseTerm;
            continue;
        }
        kept.push(term);
    }
    if (kept.length === 0) return trueTerm;
    return kept.length === 1 ? kept[0]! : { op: 'and', sort: 'bool', args: kept };
}

export function or(...terms: readonly Term[]): Term {
    const kept: Term[] = [];
    for (const term of terms) {
        if (term.op === 'bool') {
            if (term.value) return trueTerm;
            continue;
        }
        kept.push(term);
    }
    if (kept.length === 0) return falseTerm;
    return kept.length === 1 ? kept[0]! : { op: 'or', sort: 'bool', args: kept };
}

export function implies(a: Term, b: Term): Term {
    return or(not(a), b);
}

// ---------------------------------------------------------------------------------------
// Traversal

/** Rebuilds `term` with each variable replaced as `replace` says (folding again). */
export function substitute(term: Term, replace: (variable: Variable) => Term | undefined): Term {
    switch (term.op) {
        case 'int': case 'real': case 'bool':
            return term;
        case 'var':
            return replace(term) ?? term;
        default: {
            const args = term.args.map(arg => substitute(arg, replace));
            return args.every((arg, index) => arg === term.args[index]) ? term : rebuild(term.op, args);
        }
    }
}

/** Applies an operator through its folding constructor. */
function rebuild(op: Operator, args: readonly Term[]): Term {
    const [a, b] = [args[0]!, args[1]!];
    switch (op) {
        case 'add': return add(a, b);
        case 'sub': return sub(a, b);
        case 'mul': return mul(a, b);
        case 'div': return div(a, b);
        case 'mod': return mod(a, b);
        case 'neg': return neg(a);
        case 'min': return min(a, b);
        case 'max': return max(a, b);
        case 'toReal': return toReal(a);
        case 'lt': return lt(a, b);
        case 'le': return le(a, b);
        case 'eq': return eq(a, b);
        case 'not': return not(a);
        case 'and': return and(...args);
        case 'or': return or(...args);
        case 'ite': return ite(a, b, args[2]!);
    }
}

export function ite(condition: Term, then: Term, otherwise: Term): Term {
    if (condition.op === 'bool') return condition.value ? then : otherwise;
    const [x, y, sort] = sortOf(then) === 'bool' ? [then, otherwise, 'bool' as Sort] : unify(then, otherwise);
    return { op: 'ite', sort, args: [condition, x, y] };
}

/** The variables of `terms`, each once, in order of first occurrence. */
export function variablesOf(...terms: readonly Term[]): Variable[] {
    const found = new Map<string, Variable>();
    const visit = (term: Term): void => {
        if (term.op === 'var') {
            if (!found.has(term.name)) found.set(term.name, term);
        } else if (!isConstant(term)) {
            term.args.forEach(visit);
        }
    };
    terms.forEach(visit);
    return [...found.values()];
}

/**
 * An S-expression for `term`. `rename` maps variable names (the canonical form of a problem
 * names its variables by first occurrence, so that two problems that differ only in names share
 * a cached answer).
 */
export function printTerm(term: Term, rename?: (variable: Variable) => string): string {
    switch (term.op) {
        case 'int': return term.value.toString();
        case 'real': return `${term.numerator}/${term.denominator}`;
        case 'bool': return String(term.value);
        case 'var': return `${rename ? rename(term) : JSON.stringify(term.name)}:${term.sort}`;
        default: {
            // A loop, not map and join: every constraint check prints its problem as a cache key.
            let text = `(${term.op}`;
            for (const arg of term.args) text += ` ${printTerm(arg, rename)}`;
            return `${text})`;
        }
    }
}

function abs(value: bigint): bigint {
    return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
}

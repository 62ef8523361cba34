import { type Constant, type Term, type Unit, type Variable, boolTerm, intTerm, isConstant, substitute } from './terms.js';

/**
 * Values as messages show them: memory as `16Gi`, durations as `2h`, CPU as `500m` or `2`,
 * reals as decimals, never in solver syntax.
 */

export type Model = ReadonlyMap<string, Constant>;

/** `term` with the model's values put in (a variable the model does not mention counts as 0 or false). */
export function evaluate(term: Term, model: Model): Term {
    return substitute(term, variable => model.get(variable.name) ?? defaultValue(variable));
}

function defaultValue(variable: Variable): Constant {
    return variable.sort === 'bool' ? boolTerm(false) : intTerm(0);
}

/** `batch = 12, lr = 0.5`: the variables' values, each once. */
export function formatAssignments(variables: readonly Variable[], model: Model, displayName: (variable: Variable) => string = variable => variable.name): string {
    return variables.map(variable => `${displayName(variable)} = ${formatTerm(model.get(variable.name) ?? defaultValue(variable), variable.unit)}`).join(', ');
}

/** A constant with its unit; anything else printed structurally (only for terms that did not fold). */
export function formatTerm(term: Term, unit?: Unit): string {
    if (!isConstant(term)) return '?';
    switch (term.op) {
        case 'bool': return String(term.value);
        case 'int': return unit === undefined ? term.value.toString() : formatQuantity(term.value, unit);
        case 'real': return formatReal(term.numerator, term.denominator, unit);
    }
}

const memoryUnits: readonly [string, bigint][] = [['Ti', 1024n ** 4n], ['Gi', 1024n ** 3n], ['Mi', 1024n ** 2n], ['Ki', 1024n]];
const durationUnits: readonly [string, bigint][] = [['d', 86_400_000n], ['h', 3_600_000n], ['m', 60_000n], ['s', 1000n]];

/** The largest unit that divides the value: `16Gi`, `90m`, `2` (cores) or `500m` (millicores). */
export function formatQuantity(value: bigint, unit: Unit): string {
    if (value === 0n) return unit === 'memory' ? '0' : unit === 'duration' ? '0s' : '0';
    switch (unit) {
        case 'memory': {
            const found = memoryUnits.find(([, factor]) => value % factor === 0n);
            return found ? `${value / found[1]}${found[0]}` : `${value} bytes`;
        }
        case 'duration': {
            const found = durationUnits.find(([, factor]) => value % factor === 0n);
            return found ? `${value / found[1]}${found[0]}` : `${value}ms`;
        }
        case 'cpu':
            return value % 1000n === 0n ? `${value / 1000n}` : `${value}m`;
    }
}

function formatReal(numerator: bigint, denominator: bigint, unit: Unit | undefined): string {
    if (denominator === 1n) return unit === undefined ? numerator.toString() : formatQuantity(numerator, unit);
    const approximate = Number(numerator) / Number(denominator);
    if (unit !== undefined) return formatQuantity(BigInt(Math.round(approximate)), unit);
    // A terminating decimal prints exactly; another one with a few digits.
    let rest = denominator;
    for (const prime of [2n, 5n]) while (rest % prime === 0n) rest /= prime;
    return rest === 1n ? String(approximate) : `${Number(approximate.toPrecision(6))}…`;
}

import type { PlanSchema } from '../contract/plan.js';

/**
 * The dimensions of a task's tensors, from their schemas' `x-weft-shape` (docs/plan.md): a
 * dimension variable (`n`) has one value across the task's inputs and outputs, a step parameter
 * used as a dimension has the parameter's value, and a dimension written as arithmetic
 * (`n * 2`) is computed from the others. Literal dimensions and ranks are the schema's own
 * `prefixItems`, which ajv checks.
 */
export interface DimensionMismatch {
    /** The value the tensor is part of (an input or output name) and where in it: `x`, `.shape[1]`. */
    readonly subject: string;
    readonly at: string;
    readonly expected: string;
    readonly found: string;
}

interface Bound { readonly value: number; readonly where: string }

/** One task's dimension variables, bound by the first tensor that has each. */
export class TaskDimensions {
    /** Bound when first needed: most tasks have no tensor, and their integers are never looked at. */
    private boundSoFar: Map<string, Bound> | undefined;
    private readonly pending: { subject: string; at: string; text: string; actual: number }[] = [];

    /** `integers` are the step's parameters with integer values: a dimension may name one. */
    constructor(private readonly integers: Readonly<Record<string, unknown>> = {}) {}

    private get bound(): Map<string, Bound> {
        if (this.boundSoFar === undefined) {
            this.boundSoFar = new Map();
            for (const [name, value] of Object.entries(this.integers)) {
                if (Number.isInteger(value)) this.boundSoFar.set(name, { value: value as number, where: `input ${name}` });
            }
        }
        return this.boundSoFar;
    }

    /** The values bound so far, for `where` clauses that name a dimension. */
    values(): Record<string, number> {
        return Object.fromEntries([...this.bound].map(([name, bound]) => [name, bound.value]));
    }

    /** Binds or checks the dimensions of one tensor (`value` in checkable form); the first conflict. */
    add(subject: string, at: string, schema: PlanSchema, value: unknown): DimensionMismatch | undefined {
        const declared = schema['x-weft-shape'];
        const shape = (value as { shape?: unknown } | null)?.shape;
        if (!Array.isArray(declared) || !Array.isArray(shape) || declared.length !== shape.length) return undefined;
        for (const [index, dimension] of declared.entries()) {
            const actual = shape[index] as number;
            const place = `${at}.shape[${index}]`;
            if (typeof dimension === 'number' || dimension === '_' || typeof dimension !== 'string') continue;
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(dimension)) {
                this.pending.push({ subject, at: place, text: dimension, actual });
                continue;
            }
            const known = this.bound.get(dimension);
            if (known === undefined) this.bound.set(dimension, { value: actual, where: `${subject}${place}` });
            else if (known.value !== actual) return { subject, at: place, expected: `${known.value} (${dimension}, as in ${known.where})`, found: String(actual) };
        }
        return undefined;
    }

    /** Checks the dimensions written as arithmetic, once every tensor has been added. */
    finish(): DimensionMismatch | undefined {
        if (this.pending.length === 0) return undefined;
        const values = this.values();
        for (const { subject, at, text, actual } of this.pending) {
            const expected = evaluateDimension(text, values);
            if (expected !== undefined && expected !== actual) return { subject, at, expected: `${expected} (${text})`, found: String(actual) };
        }
        return undefined;
    }
}

/** `n * 2 + 1` over bound dimensions; `undefined` when it names an unbound one or cannot be read. */
function evaluateDimension(text: string, values: Readonly<Record<string, number>>): number | undefined {
    const tokens = text.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]/g) ?? [];
    if (tokens.join('') !== text.replace(/\s+/g, '')) return undefined;
    let index = 0;
    const primary = (): number | undefined => {
        const token = tokens[index++];
        if (token === undefined) return undefined;
        if (token === '(') {
            const inner = sum();
            return tokens[index++] === ')' ? inner : undefined;
        }
        if (token === '-') { const operand = primary(); return operand === undefined ? undefined : -operand; }
        if (/^\d+$/.test(token)) return Number(token);
        return values[token];
    };
    const product = (): number | undefined => {
        let left = primary();
        while (left !== undefined && (tokens[index] === '*' || tokens[index] === '/' || tokens[index] === '%')) {
            const operator = tokens[index++];
            const right = primary();
            if (right === undefined) return undefined;
            left = operator === '*' ? left * right : operator === '/' ? Math.trunc(left / right) : left % right;
        }
        return left;
    };
    const sum = (): number | undefined => {
        let left = product();
        while (left !== undefined && (tokens[index] === '+' || tokens[index] === '-')) {
            const operator = tokens[index++];
            const right = product();
            if (right === undefined) return undefined;
            left = operator === '+' ? left + right : left - right;
        }
        return left;
    };
    const result = sum();
    return index === tokens.length && result !== undefined && Number.isFinite(result) ? result : undefined;
}

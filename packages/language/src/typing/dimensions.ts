import type { NamedElement } from '../generated/ast.js';

/**
 * Tensor dimensions as values: an integer, `_` (any), a named variable (a step's dimension
 * variable `<N>`, a type parameter, an `int` parameter or constant) or arithmetic over those.
 * Symbolic dimensions stay expression trees: the type checker decides only what needs no
 * solver (literal against literal) and hands symbolic equalities to the Z3 checker.
 */
export type Dimension = LiteralDimension | AnyDimension | VariableDimension | ArithmeticDimension;

export type DimensionOperator = '+' | '-' | '*' | '/' | '%';

export class LiteralDimension {
    readonly kind = 'literal';
    constructor(readonly value: number) {}
    toString(): string {
        return String(this.value);
    }
}

/** `_`: any dimension. */
export class AnyDimension {
    readonly kind = 'wildcard';
    toString(): string {
        return '_';
    }
}

/** A named dimension; `declaration` identifies it (two variables are equal if it is the same node). */
export class VariableDimension {
    readonly kind = 'variable';
    constructor(readonly name: string, readonly declaration: NamedElement) {}
    toString(): string {
        return this.name;
    }
}

export class ArithmeticDimension {
    readonly kind = 'arithmetic';
    constructor(readonly operator: DimensionOperator, readonly left: Dimension, readonly right: Dimension) {}
    toString(): string {
        return `${operand(this.left, this.operator, 'left')} ${this.operator} ${operand(this.right, this.operator, 'right')}`;
    }
}

export const wildcardDimension = new AnyDimension();

const precedence: Record<DimensionOperator, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2 };

function operand(dimension: Dimension, parent: DimensionOperator, side: 'left' | 'right'): string {
    if (dimension.kind !== 'arithmetic') return dimension.toString();
    const inner = precedence[dimension.operator];
    const outer = precedence[parent];
    // `a - (b + c)` and `a / (b * c)` need their parentheses; `(a + b) + c` does not.
    const needsParentheses = inner < outer || (inner === outer && side === 'right');
    return needsParentheses ? `(${dimension.toString()})` : dimension.toString();
}

/**
 * Builds `left operator right`, folding literals (`2 * 3` is `6`) so that literal dimensions
 * written as arithmetic still compare without a solver. `_` anywhere makes the result `_`.
 */
export function arithmeticDimension(operator: DimensionOperator, left: Dimension, right: Dimension): Dimension {
    if (left.kind === 'wildcard' || right.kind === 'wildcard') return wildcardDimension;
    if (left.kind === 'literal' && right.kind === 'literal') {
        const value = evaluate(operator, left.value, right.value);
        if (value !== undefined) return new LiteralDimension(value);
    }
    return new ArithmeticDimension(operator, left, right);
}

function evaluate(operator: DimensionOperator, left: number, right: number): number | undefined {
    switch (operator) {
        case '+': return left + right;
        case '-': return left - right;
        case '*': return left * right;
        // Integer division, as Z3 reads it; division by zero stays symbolic (the solver reports it).
        case '/': return right === 0 ? undefined : Math.trunc(left / right);
        case '%': return right === 0 ? undefined : left % right;
    }
}

/** Structural equality: same literals, same variables (by declaration), same tree. */
export function dimensionsEqual(a: Dimension, b: Dimension): boolean {
    switch (a.kind) {
        case 'literal': return b.kind === 'literal' && a.value === b.value;
        case 'wildcard': return b.kind === 'wildcard';
        case 'variable': return b.kind === 'variable' && a.declaration === b.declaration;
        case 'arithmetic':
            return b.kind === 'arithmetic' && a.operator === b.operator
                && dimensionsEqual(a.left, b.left) && dimensionsEqual(a.right, b.right);
    }
}

/** True if the dimension mentions a variable (so only a solver can compare it). */
export function isSymbolic(dimension: Dimension): boolean {
    switch (dimension.kind) {
        case 'literal':
        case 'wildcard':
            return false;
        case 'variable':
            return true;
        case 'arithmetic':
            return isSymbolic(dimension.left) || isSymbolic(dimension.right);
    }
}

/** Replaces variables bound in `bindings`; folds literals again after replacing. */
export function substituteDimension(dimension: Dimension, bindings: DimensionBindings): Dimension {
    switch (dimension.kind) {
        case 'literal':
        case 'wildcard':
            return dimension;
        case 'variable':
            return bindings.get(dimension.declaration) ?? dimension;
        case 'arithmetic': {
            const left = substituteDimension(dimension.left, bindings);
            const right = substituteDimension(dimension.right, bindings);
            return left === dimension.left && right === dimension.right ? dimension : arithmeticDimension(dimension.operator, left, right);
        }
    }
}

/** The variables a dimension mentions, each once. */
export function variablesOf(dimension: Dimension): VariableDimension[] {
    const found = new Map<NamedElement, VariableDimension>();
    const visit = (current: Dimension): void => {
        if (current.kind === 'variable') found.set(current.declaration, current);
        else if (current.kind === 'arithmetic') {
            visit(current.left);
            visit(current.right);
        }
    };
    visit(dimension);
    return [...found.values()];
}

/** Values for dimension variables, keyed by the declaring node. */
export type DimensionBindings = ReadonlyMap<NamedElement, Dimension>;

/**
 * An equality between two dimensions that only a solver can decide (at least one side is
 * symbolic). The type checker collects these while relating tensor types; the Z3 checker
 * proves them under the enclosing `where` constraints.
 */
export interface DimensionEquality {
    readonly left: Dimension;
    readonly right: Dimension;
    /** Which dimension of the tensor (0-based). */
    readonly index: number;
}

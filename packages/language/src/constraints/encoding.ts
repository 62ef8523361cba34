import type { AstNode } from 'langium';
import type { Expression, NamedElement } from '../generated/ast.js';
import { isBuiltinFunction, isConstDeclaration, isDimensionVariable, isNameReference, isParameter } from '../generated/ast.js';
import { ConstantInlining } from '../helpers/constant-inlining.js';
import { isIntegerLiteral, parseQuantity, splitQuantity } from '../helpers/quantities.js';
import { rememberedByText } from '../helpers/remembered-by-text.js';
import type { Type } from '../typing/model.js';
import {
    type Sort, type Term, type Unit, add, and, boolTerm, div, eq, ge, gt, intTerm, le, lt, max, min, mod, mul, ne, neg, not, or,
    rationalOfDecimal, sortOf, sub, variable,
} from './terms.js';

/** What the encoder needs from the type computer. */
export interface TypeSource {
    computeType(node: AstNode | undefined): Type;
}

/** What a name stands for: a variable, an argument's term, a default … or `undefined` (not encodable). */
export interface EncodingScope {
    valueOf(element: NamedElement): Term | undefined;
}

/**
 * Encodes Weft expressions as solver terms (docs/language.md §8): `int`, `memory` (bytes),
 * `duration` (milliseconds) and CPU (millicores) as integers, `float` as reals, `bool` as
 * booleans; `+ - * / %`, comparisons, `&& || !`, `x in a..b`, `min`/`max`; constants inlined.
 * Whatever it cannot encode (strings, step outputs, `len`, loop variables) yields `undefined`,
 * and the checks then claim nothing about the expression.
 */
export class ExpressionEncoder {
    private readonly inlining = new ConstantInlining();

    constructor(private readonly types: TypeSource) {}

    encode(expression: Expression | undefined, scope: EncodingScope): Term | undefined {
        if (expression === undefined) return undefined;
        switch (expression.$type) {
            case 'NumberLiteral':
                return numberTerm(expression.value);
            case 'QuantityLiteral':
                return this.quantityTerm(expression.value, this.types.computeType(expression));
            case 'BooleanLiteral':
                return boolTerm(expression.value);
            case 'ParenthesizedExpression':
                return this.encode(expression.expression, scope);
            case 'NameReference': {
                const target = expression.target?.ref;
                return target === undefined ? undefined : this.valueOfName(target, scope);
            }
            case 'UnaryExpression': {
                const operand = this.encode(expression.operand, scope);
                if (operand === undefined) return undefined;
                if (expression.operator === '!') return sortOf(operand) === 'bool' ? not(operand) : undefined;
                return sortOf(operand) === 'bool' ? undefined : neg(operand);
            }
            case 'BinaryExpression':
                if (!unitsFit(expression.operator, this.unitOf(expression.left), this.unitOf(expression.right))) return undefined;
                return this.binary(expression.operator, this.encode(expression.left, scope), this.encode(expression.right, scope));
            case 'RangeExpression': {
                const value = this.encode(expression.value, scope);
                const low = this.encode(expression.low, scope);
                const high = this.encode(expression.high, scope);
                if (!allNumeric(value, low, high)) return undefined;
                const unit = this.unitOf(expression.value);
                if (unit !== this.unitOf(expression.low) || unit !== this.unitOf(expression.high)) return undefined;
                return and(le(low!, value!), le(value!, high!));
            }
            case 'FunctionCall': {
                const callee = isNameReference(expression.callee) ? expression.callee.target?.ref : undefined;
                if (!isBuiltinFunction(callee) || (callee.name !== 'min' && callee.name !== 'max') || expression.arguments.length !== 2) return undefined;
                const [a, b] = expression.arguments.map(argument => this.encode(argument.value, scope));
                if (!allNumeric(a, b) || this.unitOf(expression.arguments[0]!.value) !== this.unitOf(expression.arguments[1]!.value)) return undefined;
                return callee.name === 'min' ? min(a!, b!) : max(a!, b!);
            }
            default:
                return undefined;
        }
    }

    /** A condition (`where`, `when`): a boolean term, or `undefined`. */
    encodeCondition(expression: Expression | undefined, scope: EncodingScope): Term | undefined {
        const term = this.encode(expression, scope);
        return term !== undefined && sortOf(term) === 'bool' ? term : undefined;
    }

    /** The unit of an expression's value (`memory`, `duration`, `cpu`), or `undefined` for a plain number. */
    private unitOf(expression: Expression | undefined): Unit | undefined {
        return sortAndUnitOf(this.types.computeType(expression))?.unit;
    }

    /** A `cpu` value in base units: a plain number counts cores, a `500m` quantity millicores. */
    encodeCpu(expression: Expression | undefined, scope: EncodingScope): Term | undefined {
        const term = this.encode(expression, scope);
        if (term === undefined || sortOf(term) === 'bool') return undefined;
        const type = this.types.computeType(expression);
        return type.kind === 'primitive' && type.name === 'cpu' ? term : mul(term, intTerm(1000));
    }

    /** The variable for a parameter or dimension variable, named `name`, or `undefined` for a type the solver cannot reason about. */
    variableFor(element: NamedElement, name: string): Term | undefined {
        if (isDimensionVariable(element)) return variable(name, 'int');
        const kind = sortAndUnitOf(this.types.computeType(element));
        return kind === undefined ? undefined : variable(name, kind.sort, kind.unit);
    }

    private valueOfName(target: NamedElement, scope: EncodingScope): Term | undefined {
        if (isConstDeclaration(target)) return this.inlining.inline(target, value => this.encode(value, scope));
        if (isParameter(target) || isDimensionVariable(target)) return scope.valueOf(target);
        return scope.valueOf(target);
    }

    private quantityTerm(text: string | undefined, type: Type): Term | undefined {
        if (text === undefined || type.kind !== 'primitive') return undefined;
        if (type.name !== 'memory' && type.name !== 'duration' && type.name !== 'cpu') return undefined;
        const parts = splitQuantity(text);
        const factor = parts && parseQuantity(`1${parts.unit}`, type.name);
        const magnitude = parts && rationalOfDecimal(text.slice(0, text.length - parts.unit.length));
        if (factor === undefined || factor.kind !== type.name || magnitude === undefined || magnitude.op !== 'real') return undefined;
        // Base units are whole: a fraction of a byte or millisecond rounds down.
        return intTerm((magnitude.numerator * BigInt(factor.value)) / magnitude.denominator);
    }

    private binary(operator: string, left: Term | undefined, right: Term | undefined): Term | undefined {
        if (left === undefined || right === undefined) return undefined;
        const bothBool = sortOf(left) === 'bool' && sortOf(right) === 'bool';
        switch (operator) {
            case '&&': return bothBool ? and(left, right) : undefined;
            case '||': return bothBool ? or(left, right) : undefined;
            case '==': return bothBool || allNumeric(left, right) ? eq(left, right) : undefined;
            case '!=': return bothBool || allNumeric(left, right) ? ne(left, right) : undefined;
        }
        if (!allNumeric(left, right)) return undefined;
        switch (operator) {
            case '+': return add(left, right);
            case '-': return sub(left, right);
            case '*': return mul(left, right);
            case '/': return div(left, right);
            case '%': return sortOf(left) === 'int' && sortOf(right) === 'int' ? mod(left, right) : undefined;
            case '<': return lt(left, right);
            case '<=': return le(left, right);
            case '>': return gt(left, right);
            case '>=': return ge(left, right);
            default: return undefined;
        }
    }
}

/** The solver sort of a Weft type, and the unit its integers count; `undefined` if it has none. */
function sortAndUnitOf(type: Type): { sort: Sort; unit?: Unit } | undefined {
    const wide = type.kind === 'literal' ? type.primitive : type;
    if (wide.kind !== 'primitive') return undefined;
    switch (wide.name) {
        case 'int': return { sort: 'int' };
        case 'float': return { sort: 'real' };
        case 'bool': return { sort: 'bool' };
        case 'memory': case 'duration': case 'cpu': return { sort: 'int', unit: wide.name };
        default: return undefined;
    }
}

/**
 * Whether an operator may combine these units (the type checker reports the others; the
 * encoder then claims nothing): sums and comparisons need one unit, a product at most one,
 * a quotient divides by a plain number or by the same unit.
 */
function unitsFit(operator: string, left: Unit | undefined, right: Unit | undefined): boolean {
    switch (operator) {
        case '*': return left === undefined || right === undefined;
        case '/': return right === undefined || left === right;
        case '&&': case '||': return true;
        default: return left === right;
    }
}

/** A number literal's term, made once per text (terms are values, so one can stand for every use). */
const numberTermOf = rememberedByText((text: string): Term | undefined =>
    isIntegerLiteral(text) ? intTerm(BigInt(text.replaceAll('_', ''))) : rationalOfDecimal(text));

function numberTerm(text: string | undefined): Term | undefined {
    return text === undefined ? undefined : numberTermOf(text);
}

function allNumeric(...terms: readonly (Term | undefined)[]): boolean {
    return terms.every(term => term !== undefined && sortOf(term) !== 'bool');
}

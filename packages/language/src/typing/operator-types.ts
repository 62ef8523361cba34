import type { BinaryExpression, UnaryExpression } from '../generated/ast.js';
import {
    type Type, boolType, cpuType, floatType, intType, isNumberType, isQuantityType, stringType, unknownType, widen,
} from './model.js';

/**
 * The result types of Weft's operators, from the operand types. Arithmetic keeps units:
 * `16Gi * replicas` is a memory, `2 * 30s` a duration, `2h / 30m` a plain number. A plain
 * number mixes with a CPU quantity (`1 + 500m`): plain numbers are cores there.
 */
export interface OperatorResult {
    readonly type: Type;
    /** Set when the operands do not fit the operator; the type is then unknown. */
    readonly problem?: string;
}

type BinaryOperator = BinaryExpression['operator'];

const ok = (type: Type): OperatorResult => ({ type });
const unknownResult: OperatorResult = { type: unknownType };

/** `related(a, b)`: whether a value of one type may be compared with `==` to one of the other. */
export function binaryOperationType(operator: BinaryOperator, leftType: Type, rightType: Type,
    related: (a: Type, b: Type) => boolean): OperatorResult {
    const left = widen(leftType);
    const right = widen(rightType);
    if (isOpen(left) || isOpen(right)) {
        const isBoolean = ['&&', '||', '==', '!=', '<', '<=', '>', '>='].includes(operator);
        return isBoolean ? ok(boolType) : unknownResult;
    }
    const problem = (): OperatorResult => ({ type: unknownType, problem: `\`${operator}\` cannot be applied to ${left.toString()} and ${right.toString()}` });
    switch (operator) {
        case '&&':
        case '||':
            return isBool(left) && isBool(right) ? ok(boolType) : problem();
        case '==':
        case '!=':
            return related(leftType, rightType) || related(rightType, leftType) ? ok(boolType) : problem();
        case '<': case '<=': case '>': case '>=':
            return measureOf(left, right) !== undefined ? ok(boolType) : problem();
        case '+':
            if (isString(left) && isString(right)) return ok(stringType);
            return additive(left, right) ?? problem();
        case '-':
            return additive(left, right) ?? problem();
        case '*':
            if (isNumberType(left) && isNumberType(right)) return ok(numeric(left, right));
            if (isQuantityType(left) && isNumberType(right)) return ok(left);
            if (isNumberType(left) && isQuantityType(right)) return ok(right);
            return problem();
        case '/':
            if (isNumberType(left) && isNumberType(right)) return ok(numeric(left, right));
            if (isQuantityType(left) && isNumberType(right)) return ok(left);
            if (isQuantityType(left) && isQuantityType(right) && left.name === right.name) return ok(floatType);
            return problem();
        case '%':
            if (isNumberType(left) && isNumberType(right)) return ok(numeric(left, right));
            if (isQuantityType(left) && isQuantityType(right) && left.name === right.name) return ok(left);
            return problem();
    }
}

export function unaryOperationType(operator: UnaryExpression['operator'], operandType: Type): OperatorResult {
    const operand = widen(operandType);
    if (isOpen(operand)) return operator === '!' ? ok(boolType) : unknownResult;
    if (operator === '!') {
        return isBool(operand) ? ok(boolType) : { type: unknownType, problem: `\`!\` needs a bool but got ${operand.toString()}` };
    }
    return isNumberType(operand) || isQuantityType(operand)
        ? ok(operand)
        : { type: unknownType, problem: `\`-\` needs a number or a quantity but got ${operand.toString()}` };
}

/** `x in low..high`: all three numbers, or quantities of one kind. */
export function rangeProblem(value: Type, low: Type, high: Type): string | undefined {
    const types = [value, low, high].map(widen);
    if (types.some(isOpen)) return undefined;
    const fits = measureOf(types[0]!, types[1]!) !== undefined && measureOf(types[0]!, types[2]!) !== undefined;
    return fits ? undefined : `\`in\` needs numbers or quantities of one kind but got ${types[0]!.toString()} in ${types[1]!.toString()}..${types[2]!.toString()}`;
}

/** `min(a, b)` / `max(a, b)`: the common kind of two numbers or quantities. */
export function extremumType(a: Type, b: Type): OperatorResult {
    const left = widen(a);
    const right = widen(b);
    if (isOpen(left) || isOpen(right)) return ok(isOpen(left) ? right : left);
    const measure = measureOf(left, right);
    return measure === undefined
        ? { type: unknownType, problem: `min and max need two numbers or two quantities of one kind but got ${left.toString()} and ${right.toString()}` }
        : ok(measure);
}

/** The common measure of two operands that may be compared or added: numbers, or one quantity kind. */
function measureOf(left: Type, right: Type): Type | undefined {
    if (isNumberType(left) && isNumberType(right)) return numeric(left, right);
    if (isQuantityType(left) && isQuantityType(right)) return left.name === right.name ? left : undefined;
    // CPU is counted in cores, so a plain number mixes with millicores.
    if ((isCpu(left) && isNumberType(right)) || (isNumberType(left) && isCpu(right))) return cpuType;
    return undefined;
}

function additive(left: Type, right: Type): OperatorResult | undefined {
    const measure = measureOf(left, right);
    return measure === undefined ? undefined : ok(measure);
}

function numeric(left: Type, right: Type): Type {
    return widen(left).equals(intType) && widen(right).equals(intType) ? intType : floatType;
}

function isOpen(type: Type): boolean {
    return type.kind === 'unknown' || type.kind === 'type-parameter';
}

function isBool(type: Type): boolean {
    return type.kind === 'primitive' && type.name === 'bool';
}

function isString(type: Type): boolean {
    return type.kind === 'primitive' && type.name === 'string';
}

function isCpu(type: Type): boolean {
    return type.kind === 'primitive' && type.name === 'cpu';
}

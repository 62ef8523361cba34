import { WeftError } from '@weft/contract/errors';
import { describeValue } from './value-schema.js';
import type { PlanBinaryOperator, PlanExpression } from '../contract/plan.js';
import type { FailureRecord } from './failure.js';

/** What an expression's leaves may name; a leaf whose value is missing throws {@link ExpressionError}. */
export interface EvaluationScope {
    readonly parameters: Readonly<Record<string, unknown>>;
    /** The node's bound arguments (for settings and `where`). */
    readonly inputs?: Readonly<Record<string, unknown>>;
    readonly variables?: Readonly<Record<string, unknown>>;
    readonly dimensions?: Readonly<Record<string, number>>;
    /** Inside an `on failure` block: the failure record; in a typed handler (`as e: T`), the declared error's fields. */
    readonly failure?: FailureRecord | Readonly<Record<string, unknown>>;
    /** The value of a finished node (its outputs record, or a fan-out's list). */
    readonly output: (node: string) => unknown;
    readonly artifact: (name: string) => unknown;
}

/** An expression that cannot be evaluated with the values at hand. */
export class ExpressionError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'expression';

    constructor(readonly expression: PlanExpression, message: string) {
        super(message);
        this.name = 'ExpressionError';
    }
}

/**
 * Evaluates a plan expression (docs/plan.md) once its parameters and upstream outputs are known.
 * A value of the wrong type (a string where `<` needs a number) throws {@link ExpressionError}
 * naming the operation and the value; nothing here throws anything else on bad values.
 */
export function evaluate(expression: PlanExpression, scope: EvaluationScope): unknown {
    switch (expression.kind) {
        case 'literal':
        case 'quantity':
            return expression.value;
        case 'parameter':
            return lookup(scope.parameters, expression.name, expression, 'parameter');
        case 'input':
            return lookup(scope.inputs ?? {}, expression.name, expression, 'input');
        case 'variable':
            return lookup(scope.variables ?? {}, expression.name, expression, 'loop variable');
        case 'dimension':
            return lookup(scope.dimensions ?? {}, expression.name, expression, 'dimension');
        case 'artifact':
            return scope.artifact(expression.name);
        case 'failure':
            if (!scope.failure) throw new ExpressionError(expression, '`failure` is only defined inside an `on failure` block');
            return scope.failure;
        case 'output': {
            const value = scope.output(expression.node);
            return expression.output === undefined ? value : member(value, expression.output, expression);
        }
        case 'member':
            return member(evaluate(expression.receiver, scope), expression.name, expression);
        case 'unary': {
            const operand = evaluate(expression.operand, scope);
            return expression.operator === '!' ? !asBoolean(operand, expression, '`!`') : -asNumber(operand, expression, '`-`');
        }
        case 'binary':
            return binary(expression.operator, expression, scope);
        case 'range': {
            const value = asNumber(evaluate(expression.value, scope), expression, 'a range');
            return asNumber(evaluate(expression.low, scope), expression, 'a range') <= value && value <= asNumber(evaluate(expression.high, scope), expression, 'a range');
        }
        case 'call': {
            const values = expression.arguments.map(argument => evaluate(argument, scope));
            if (expression.function === 'len') return lengthOf(values[0], expression);
            const numbers = values.map(value => asNumber(value, expression, `\`${expression.function}\``));
            return expression.function === 'min' ? Math.min(...numbers) : Math.max(...numbers);
        }
        case 'list':
            return expression.elements.map(element => evaluate(element, scope));
        case 'record':
            return Object.fromEntries(Object.entries(expression.fields).map(([name, field]) => [name, evaluate(field, scope)]));
        default:
            // A plan from a newer generator, or a hand-written one.
            throw new ExpressionError(expression, `unknown expression kind ${String((expression as { kind?: unknown }).kind)}`);
    }
}

function binary(operator: PlanBinaryOperator, expression: PlanExpression & { kind: 'binary' }, scope: EvaluationScope): unknown {
    const what = `\`${operator}\``;
    // `&&` and `||` short-circuit, so a guard like `n > 0 && total / n > 1` stays safe.
    if (operator === '&&') return asBoolean(evaluate(expression.left, scope), expression, what) && asBoolean(evaluate(expression.right, scope), expression, what);
    if (operator === '||') return asBoolean(evaluate(expression.left, scope), expression, what) || asBoolean(evaluate(expression.right, scope), expression, what);
    const left = evaluate(expression.left, scope);
    const right = evaluate(expression.right, scope);
    const number = (value: unknown): number => asNumber(value, expression, what);
    switch (operator) {
        case '==': return left === right;
        case '!=': return left !== right;
        case '+':
            if (typeof left === 'string' && typeof right === 'string') return left + right;
            return number(left) + number(right);
        case '-': return number(left) - number(right);
        case '*': return number(left) * number(right);
        case '/': return number(left) / number(right);
        case '%': return number(left) % number(right);
        case '<': return number(left) < number(right);
        case '<=': return number(left) <= number(right);
        case '>': return number(left) > number(right);
        case '>=': return number(left) >= number(right);
        default: throw new ExpressionError(expression, `unknown operator ${String(operator)}`);
    }
}

function lookup(values: Readonly<Record<string, unknown>>, name: string, expression: PlanExpression, what: string): unknown {
    if (!Object.hasOwn(values, name)) throw new ExpressionError(expression, `the ${what} ${name} has no value here`);
    return values[name];
}

function member(receiver: unknown, name: string, expression: PlanExpression): unknown {
    if (receiver instanceof Map) {
        if (!receiver.has(name)) throw new ExpressionError(expression, `the map has no key ${name}`);
        return receiver.get(name);
    }
    if (typeof receiver !== 'object' || receiver === null || !(name in receiver)) {
        throw new ExpressionError(expression, `${describeValue(receiver)} has no member ${name}`);
    }
    return (receiver as Record<string, unknown>)[name];
}

/** `what` names the operation for the message: `` `<` needs a number, found "abc" (a string) ``. */
function asNumber(value: unknown, expression: PlanExpression, what: string): number {
    if (typeof value !== 'number') throw new ExpressionError(expression, `${what} needs a number, found ${describeValue(value)}`);
    return value;
}

function asBoolean(value: unknown, expression: PlanExpression, what: string): boolean {
    if (typeof value !== 'boolean') throw new ExpressionError(expression, `${what} needs a bool, found ${describeValue(value)}`);
    return value;
}

function lengthOf(value: unknown, expression: PlanExpression): number {
    if (Array.isArray(value) || typeof value === 'string') return value.length;
    if (value instanceof Map) return value.size;
    if (typeof value === 'object' && value !== null) return Object.keys(value).length;
    throw new ExpressionError(expression, `\`len\` needs a list, string or map, found ${describeValue(value)}`);
}

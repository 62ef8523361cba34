import type { ValidationAcceptor } from 'langium';
import type { Expression } from '../generated/ast.js';
import { isNumberLiteral, isParenthesizedExpression, isQuantityLiteral, isStringLiteral, isUnaryExpression } from '../generated/ast.js';
import { splitQuantity, suggestedSpellings } from '../helpers/quantities.js';
import { type QuantityKind, type Type, isQuantityType } from '../typing/model.js';
import type { WeftServices } from '../weft-module.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * Shared wording of the type rules: how an actual value is described, and when a mismatch is
 * about a unit (`invalid-quantity`) rather than a type. A quantity literal standing where its
 * unit does not fit (`timeout: 4Gi`, `lr: 3s`), or a bare number where a duration or memory
 * size is required (`timeout: 5`), is `invalid-quantity`; every other mismatch keeps its code.
 */

export const CODE_TYPE_MISMATCH = DiagnosticCode.TypeMismatch;
export const CODE_SHAPE_MISMATCH = DiagnosticCode.ShapeMismatch;
export const CODE_INVALID_QUANTITY = DiagnosticCode.InvalidQuantity;

/** What a rule needs: the services (rules run with the validator as `this`). */
export interface TypeRuleContext {
    readonly services: WeftServices;
}

/** The expression without parentheses and a leading minus: what decides whether a value is a literal. */
export function literalCore(expression: Expression | undefined): Expression | undefined {
    let current = expression;
    while (current !== undefined) {
        if (isParenthesizedExpression(current)) current = current.expression;
        else if (isUnaryExpression(current) && current.operator === '-') current = current.operand;
        else return current;
    }
    return undefined;
}

/** A value for messages: `"2h" (a string)`, `3 (an int)`, `4Gi (a memory size)`, or the type. */
export function describeValue(expression: Expression | undefined, type: Type): string {
    const core = literalCore(expression);
    if (isQuantityLiteral(core) && isQuantityType(type)) return `${core.value} (${quantityNoun(type.name)})`;
    if (type.kind === 'literal' && type.alias === undefined) return `${type.text} (${article(type.primitive.name)})`;
    return type.toString();
}

export function quantityNoun(kind: QuantityKind): string {
    switch (kind) {
        case 'duration': return 'a duration';
        case 'memory': return 'a memory size';
        case 'cpu': return 'millicores';
    }
}

function article(name: string): string {
    return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/**
 * `invalid-quantity` and a hint when a mismatch is about units: a quantity literal that does
 * not fit, or a bare number where a duration or memory size is required.
 */
function quantityMismatch(expression: Expression | undefined, expected: Type): { code: typeof CODE_INVALID_QUANTITY; hint: string } | undefined {
    const core = literalCore(expression);
    if (isQuantityLiteral(core)) {
        return { code: CODE_INVALID_QUANTITY, hint: isQuantityType(expected) ? '' : '; this value takes no unit' };
    }
    const wanted = expected.kind === 'optional' ? expected.element : expected;
    if (isNumberLiteral(core) && isQuantityType(wanted) && wanted.name !== 'cpu') {
        return { code: CODE_INVALID_QUANTITY, hint: `; a ${wanted.name} needs a unit: write ${suggestedSpellings(wanted.name, core.value ?? '1')}` };
    }
    return undefined;
}

/** `; write 2h without quotes` for a string that holds a quantity where a quantity is wanted. */
function quotedQuantityHint(expression: Expression | undefined, expected: Type): string {
    const core = literalCore(expression);
    const wanted = expected.kind === 'optional' ? expected.element : expected;
    if (isStringLiteral(core) && isQuantityType(wanted) && core.value !== undefined && splitQuantity(core.value) !== undefined) {
        return `; write ${core.value} without quotes`;
    }
    return '';
}

/**
 * Reports that `value` (of type `actual`) does not fit `expected`, if it does not: "`subject`
 * expects X but got Y: detail." The code is `invalid-quantity` for unit problems, otherwise the
 * checker's (`shape-mismatch` for tensors, `type-mismatch` for the rest).
 */
export function reportUnlessAssignable(context: TypeRuleContext, accept: ValidationAcceptor, subject: string,
    value: Expression | undefined, expected: Type, actual?: Type): void {
    if (value === undefined) return;
    const type = actual ?? context.services.typing.TypeComputer.computeType(value);
    const mismatch = context.services.typing.TypeChecker.explain(type, expected);
    if (mismatch === undefined) return;
    const quantity = quantityMismatch(value, expected);
    const detail = mismatch.detail === undefined ? '' : `: ${mismatch.detail}`;
    const hint = quantity?.hint ?? quotedQuantityHint(value, expected);
    accept('error', `${subject} expects ${expected.toString()} but got ${describeValue(value, type)}${detail}${hint}.`,
        { node: value, code: quantity?.code ?? mismatch.code });
}

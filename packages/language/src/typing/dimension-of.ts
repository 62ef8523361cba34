import type { Expression, NamedElement, TypeArgument } from '../generated/ast.js';
import {
    isBinaryExpression, isConstDeclaration, isDimensionVariable, isLiteralTypeExpression, isNamedTypeExpression,
    isNameReference, isNumberLiteral, isParameter, isParenthesizedExpression, isParenthesizedTypeExpression,
    isTypeParameter, isUnaryExpression, isWildcardDimension,
} from '../generated/ast.js';
import { isIntegerLiteral, parseNumber } from '../helpers/quantities.js';
import {
    type Dimension, LiteralDimension, VariableDimension, arithmeticDimension, wildcardDimension,
} from './dimensions.js';

/**
 * A tensor dimension written as an expression (`768`, `N`, `batch * 2`, `_`). Anything that is
 * not an integer, a dimension name or arithmetic over those reads as `_`: the checker then
 * claims nothing about it (the validator reports what is wrong with the expression itself).
 */
export function dimensionOfExpression(expression: Expression | undefined): Dimension {
    if (expression === undefined || isWildcardDimension(expression)) return wildcardDimension;
    if (isNumberLiteral(expression)) {
        return expression.value !== undefined && isIntegerLiteral(expression.value)
            ? new LiteralDimension(parseNumber(expression.value))
            : wildcardDimension;
    }
    if (isParenthesizedExpression(expression)) return dimensionOfExpression(expression.expression);
    if (isUnaryExpression(expression)) {
        return expression.operator === '-'
            ? arithmeticDimension('-', new LiteralDimension(0), dimensionOfExpression(expression.operand))
            : wildcardDimension;
    }
    if (isBinaryExpression(expression)) {
        switch (expression.operator) {
            case '+': case '-': case '*': case '/': case '%':
                return arithmeticDimension(expression.operator, dimensionOfExpression(expression.left), dimensionOfExpression(expression.right));
            default:
                return wildcardDimension;
        }
    }
    if (isNameReference(expression)) return dimensionOfName(expression.target?.ref, expression.target?.$refText);
    return wildcardDimension;
}

/**
 * A type argument read as a dimension (`Embedding<64>`, `Embedding<batch>`, `Embedding<_>`),
 * or `undefined` when it cannot be one (`Dataset<Review>`).
 */
export function dimensionOfTypeArgument(argument: TypeArgument | undefined): Dimension | undefined {
    if (argument === undefined) return undefined;
    if (isWildcardDimension(argument)) return wildcardDimension;
    if (isParenthesizedTypeExpression(argument)) return dimensionOfTypeArgument(argument.type);
    if (isLiteralTypeExpression(argument)) {
        const written = argument.$cstNode?.text ?? '';
        return isIntegerLiteral(written) ? new LiteralDimension(parseNumber(written)) : undefined;
    }
    if (isNamedTypeExpression(argument) && argument.typeArguments.length === 0) {
        const target = argument.target?.ref;
        return isDimensionName(target) ? dimensionOfName(target, argument.target.$refText) : undefined;
    }
    return undefined;
}

/** Names that can stand for a dimension: dimension variables, type parameters, parameters and constants. */
export function isDimensionName(target: NamedElement | undefined): boolean {
    return isDimensionVariable(target) || isTypeParameter(target) || isParameter(target) || isConstDeclaration(target);
}

function dimensionOfName(target: NamedElement | undefined, written: string | undefined): Dimension {
    if (target === undefined || !isDimensionName(target)) return wildcardDimension;
    // A constant with an integer literal value is that integer: literal dimensions then compare without a solver.
    if (isConstDeclaration(target) && isNumberLiteral(target.value) && target.value.value !== undefined && isIntegerLiteral(target.value.value)) {
        return new LiteralDimension(parseNumber(target.value.value));
    }
    return new VariableDimension(('name' in target ? target.name : undefined) ?? written ?? '?', target);
}

import type { AstNode } from 'langium';
import type { Argument, Expression, Parameter, TypeExpression } from '../generated/ast.js';
import {
    isArgument, isBinaryExpression, isConstDeclaration, isEntry, isFunctionCall, isListLiteral, isNameReference,
    isParameter, isParenthesizedExpression, isPipelineDeclaration, isQuantityLiteral, isRangeExpression,
    isRecordLiteralField, isReturnStatement, isStepCall, isUnaryExpression,
} from '../generated/ast.js';
import { matchArguments, parametersOf } from '../helpers/call-arguments.js';
import { schemaOfEntry } from '../helpers/member-lookup.js';
import { kindsOfUnit, splitQuantity } from '../helpers/quantities.js';
import { type QuantityKind, type Type, isQuantityType } from './model.js';

/** What the context needs from the type computer. */
export interface QuantityContextSource {
    computeType(node: Expression | TypeExpression | Parameter): Type;
}

/**
 * The quantity kind wanted where `expression` stands, which decides what an ambiguous unit
 * means (`m`: minutes, or millicores in a `cpu` entry): the member entry's value kind, the
 * declared type of a parameter, constant or output, or the kind of the other operand.
 */
export function expectedQuantityKind(expression: Expression, source: QuantityContextSource): QuantityKind | undefined {
    const parent: AstNode | undefined = expression.$container;
    if (parent === undefined) return undefined;
    if (isEntry(parent)) {
        const schema = schemaOfEntry(parent);
        const value = schema?.kind === 'entry' ? schema.value : undefined;
        return value === 'duration' || value === 'memory' || value === 'cpu' ? value : undefined;
    }
    if (isParameter(parent) || isConstDeclaration(parent)) return kindOfDeclared(parent.type, source);
    if (isArgument(parent)) return expectedOfArgument(parent, source);
    if (isParenthesizedExpression(parent) || isUnaryExpression(parent) || isListLiteral(parent)) {
        return expectedQuantityKind(parent, source);
    }
    if (isRecordLiteralField(parent)) {
        const record = parent.$container;
        const pipeline = isReturnStatement(record?.$container) ? record.$container.$container : undefined;
        const output = isPipelineDeclaration(pipeline) ? pipeline.outputs.find(candidate => candidate.name === parent.name) : undefined;
        return kindOfDeclared(output?.type, source);
    }
    if (isRangeExpression(parent)) {
        const others = [parent.value, parent.low, parent.high].filter(other => other !== expression);
        return firstKind(others, source);
    }
    if (isBinaryExpression(parent)) {
        const other = parent.left === expression ? parent.right : parent.left;
        switch (parent.operator) {
            case '+': case '-': case '%':
                return expectedQuantityKind(parent, source) ?? intrinsicQuantityKind(other, source);
            case '*':
                return expectedQuantityKind(parent, source);
            case '/':
                return parent.left === expression
                    ? expectedQuantityKind(parent, source) ?? intrinsicQuantityKind(other, source)
                    : intrinsicQuantityKind(other, source);
            case '<': case '<=': case '>': case '>=': case '==': case '!=':
                return intrinsicQuantityKind(other, source);
            default:
                return undefined;
        }
    }
    return undefined;
}

function expectedOfArgument(argument: Argument, source: QuantityContextSource): QuantityKind | undefined {
    const call = argument.$container;
    if (isStepCall(call)) {
        const match = matchArguments(parametersOf(call), call.arguments);
        for (const [parameter, bound] of match.bound) {
            if (bound === argument) return kindOfDeclared(parameter.type, source);
        }
        return undefined;
    }
    if (isFunctionCall(call)) {
        // `min(20m, timeout)`: the other argument's kind, or what the call itself must be.
        const others = call.arguments.filter(other => other !== argument).map(other => other.value);
        return firstKind(others, source) ?? expectedQuantityKind(call, source);
    }
    return undefined;
}

function firstKind(expressions: readonly (Expression | undefined)[], source: QuantityContextSource): QuantityKind | undefined {
    for (const expression of expressions) {
        const kind = intrinsicQuantityKind(expression, source);
        if (kind !== undefined) return kind;
    }
    return undefined;
}

function kindOfDeclared(type: TypeExpression | undefined, source: QuantityContextSource): QuantityKind | undefined {
    if (type === undefined) return undefined;
    let declared = source.computeType(type);
    if (declared.kind === 'optional') declared = declared.element;
    return isQuantityType(declared) ? declared.name : undefined;
}

/**
 * The kind an expression has by itself, without looking at its context: a unit that means one
 * thing (`30s`, `4Gi`), or a name of a quantity type. It never asks for the context of the
 * expression it reads, so two ambiguous operands (`20m < 5m`) do not ask each other forever.
 */
function intrinsicQuantityKind(expression: Expression | undefined, source: QuantityContextSource): QuantityKind | undefined {
    if (expression === undefined) return undefined;
    if (isQuantityLiteral(expression)) {
        const parts = expression.value === undefined ? undefined : splitQuantity(expression.value);
        const kinds = parts === undefined ? [] : kindsOfUnit(parts.unit);
        return kinds.length === 1 ? kinds[0] : undefined;
    }
    if (isParenthesizedExpression(expression)) return intrinsicQuantityKind(expression.expression, source);
    if (isUnaryExpression(expression)) return intrinsicQuantityKind(expression.operand, source);
    if (isBinaryExpression(expression)) {
        return intrinsicQuantityKind(expression.left, source) ?? intrinsicQuantityKind(expression.right, source);
    }
    if (isNameReference(expression)) {
        const type = source.computeType(expression);
        return isQuantityType(type) ? type.name : undefined;
    }
    return undefined;
}

import type { ValidationAcceptor } from 'langium';
import type {
    BinaryExpression, Expression, ForEach, FunctionCall, MemberAccess, NameReference, RangeExpression, ShapeExpression,
    UnaryExpression,
} from '../generated/ast.js';
import {
    isBuiltinFunction, isEntry, isFunctionCall, isLetStatement, isListLiteral, isNameReference, isNumberLiteral,
    isQuantityLiteral,
} from '../generated/ast.js';
import { didYouMean } from '../helpers/closest-name.js';
import { schemaOfEntry } from '../helpers/member-lookup.js';
import { suggestedSpellings } from '../helpers/quantities.js';
import { type Type, intType, isQuantityType, widen } from '../typing/model.js';
import { binaryOperationType, extremumType, rangeProblem, unaryOperationType } from '../typing/operator-types.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import {
    CODE_INVALID_QUANTITY, CODE_TYPE_MISMATCH, type TypeRuleContext, describeValue, literalCore, reportUnlessAssignable,
} from './type-diagnostics.js';

/**
 * Rules for expressions: operands of operators, arguments of the built-in functions, member
 * access (`t.tokens`), names that denote no value (`train` where a value is wanted) and tensor
 * dimensions that are not integers.
 */

export const CODE_UNKNOWN_MEMBER = DiagnosticCode.UnknownReference;

/** `lr + "x"`, `2h + 4Gi`, `2h + 5` (a bare number with a duration: `invalid-quantity`). */
export function operandsMustFitTheirOperator(this: TypeRuleContext, node: BinaryExpression, accept: ValidationAcceptor): void {
    const computer = this.services.typing.TypeComputer;
    const left = computer.computeType(node.left);
    const right = computer.computeType(node.right);
    const result = binaryOperationType(node.operator, left, right, (a, b) => this.services.typing.TypeChecker.isAssignable(a, b));
    if (result.problem === undefined) return;
    const unitProblem = unitProblemOf([node.left, left], [node.right, right]) ?? unitProblemOf([node.right, right], [node.left, left]);
    if (unitProblem) {
        accept('error', `${result.problem}${unitProblem.hint}.`, { node: unitProblem.node, code: CODE_INVALID_QUANTITY });
        return;
    }
    accept('error', `${result.problem}.`, { node, code: CODE_TYPE_MISMATCH });
}

/** When an operator's operands clash because of a unit: the literal to blame and a hint. */
function unitProblemOf([operand, type]: [Expression | undefined, Type], [, other]: [Expression | undefined, Type]): { node: Expression; hint: string } | undefined {
    const core = literalCore(operand);
    if (operand === undefined || core === undefined) return undefined;
    if (isQuantityLiteral(core)) return { node: operand, hint: isQuantityType(other) ? '' : `; ${core.value} has a unit but ${other.toString()} has none` };
    const wide = widen(other);
    if (isNumberLiteral(core) && isQuantityType(wide) && wide.name !== 'cpu' && widen(type).kind === 'primitive') {
        return { node: operand, hint: `; give ${core.value} a unit: ${suggestedSpellings(wide.name, core.value ?? '1')}` };
    }
    return undefined;
}

/** `!lr`, `-"x"`. */
export function operandMustFitItsUnaryOperator(this: TypeRuleContext, node: UnaryExpression, accept: ValidationAcceptor): void {
    const problem = unaryOperationType(node.operator, this.services.typing.TypeComputer.computeType(node.operand)).problem;
    if (problem) accept('error', `${problem}.`, { node, code: CODE_TYPE_MISMATCH });
}

/** `replicas in 1.."4"`. */
export function rangeBoundsMustFitTheValue(this: TypeRuleContext, node: RangeExpression, accept: ValidationAcceptor): void {
    const computer = this.services.typing.TypeComputer;
    const problem = rangeProblem(computer.computeType(node.value), computer.computeType(node.low), computer.computeType(node.high));
    if (problem) accept('error', `${problem}.`, { node, code: CODE_TYPE_MISMATCH });
}

/** `min(2h, 4Gi)`, `len(3)`. */
export function builtinFunctionArgumentsMustFit(this: TypeRuleContext, call: FunctionCall, accept: ValidationAcceptor): void {
    const callee = isNameReference(call.callee) ? call.callee.target?.ref : undefined;
    if (!isBuiltinFunction(callee)) return;
    const computer = this.services.typing.TypeComputer;
    const values = call.arguments.map(argument => argument.value);
    if (callee.name === 'min' || callee.name === 'max') {
        if (values.length !== 2) return;
        const problem = extremumType(computer.computeType(values[0]), computer.computeType(values[1])).problem;
        if (problem) accept('error', `${problem}.`, { node: call, code: CODE_TYPE_MISMATCH });
        return;
    }
    if (callee.name === 'len') {
        const value = values[0];
        const type = computer.computeType(value);
        if (value !== undefined && type.kind !== 'list' && type.kind !== 'unknown') {
            accept('error', `\`len\` expects a list but got ${describeValue(value, type)}.`, { node: value, code: CODE_TYPE_MISMATCH });
        }
        return;
    }
    callee.parameters.forEach((parameter, index) =>
        reportUnlessAssignable(this, accept, `Argument \`${parameter.name}\` of \`${callee.name}\``, values[index], computer.computeType(parameter)));
}

/** `t.tokns` where the call result `t` has the output `tokens`; `reviews.text` on a dataset. */
export function memberAccessMustNameAField(this: TypeRuleContext, node: MemberAccess, accept: ValidationAcceptor): void {
    if (node.member === undefined || node.receiver === undefined) return;
    const receiver = this.services.typing.TypeComputer.computeType(node.receiver);
    if (receiver.kind === 'unknown' || receiver.kind === 'map') return;
    const what = receiverName(node.receiver);
    if (receiver.kind === 'record') {
        if (receiver.field(node.member) !== undefined) return;
        const names = receiver.fields.map(field => field.name);
        const noun = isCallResult(node.receiver) ? 'output' : 'field';
        const listing = names.length === 0 ? `it has no ${noun}s` : `its ${noun}s are ${names.map(name => `\`${name}\``).join(', ')}`;
        accept('error', `${what} has no ${noun} \`${node.member}\`; ${listing}.${didYouMean(node.member, names)}`,
            { node, property: 'member', code: CODE_UNKNOWN_MEMBER });
        return;
    }
    accept('error', `${what} is ${receiver.toString()}, which has no fields; \`.${node.member}\` reads a field of a record, a call result or a map.`,
        { node, property: 'member', code: CODE_TYPE_MISMATCH });
}

/** `for v in xs => embed(v).vector` where `embed` has no output `vector`. */
export function forEachOutputMustExist(this: TypeRuleContext, loop: ForEach, accept: ValidationAcceptor): void {
    const callee = loop.call?.callee?.ref;
    if (loop.output === undefined || callee === undefined) return;
    const names = callee.outputs.map(output => output.name);
    if (names.includes(loop.output)) return;
    const listing = names.length === 0 ? 'it has no outputs' : `its outputs are ${names.map(name => `\`${name}\``).join(', ')}`;
    accept('error', `\`${callee.name}\` has no output \`${loop.output}\`; ${listing}.${didYouMean(loop.output, names)}`,
        { node: loop, property: 'output', code: CODE_UNKNOWN_MEMBER });
}

const nonValues: Readonly<Record<string, string>> = {
    StepDeclaration: 'a step', PipelineDeclaration: 'a pipeline', TypeDeclaration: 'a type', BuiltinType: 'a built-in type',
    BuiltinFunction: 'a built-in function',
};

/** `let x = train(evaluate)`: a step, pipeline or type where a value is wanted. */
export function namesMustDenoteValues(this: TypeRuleContext, node: NameReference, accept: ValidationAcceptor): void {
    const target = node.target?.ref;
    if (target === undefined) return;
    const kind = nonValues[target.$type];
    if (kind === undefined) return;
    if (isFunctionCall(node.$container) && node.$container.callee === node && isBuiltinFunction(target)) return;
    // `targets: [train]` is reported by the member rules, which can say a target is wanted.
    if (isTargetListElement(node)) return;
    const hint = target.$type === 'StepDeclaration' || target.$type === 'PipelineDeclaration'
        ? `; call it in a \`let\` statement and use its outputs` : '';
    accept('error', `\`${node.target.$refText}\` is ${kind}, not a value${hint}.`, { node, code: CODE_TYPE_MISMATCH });
}

/** `Tensor<f32, [name, 3]>` where `name` is a string. */
export function tensorDimensionsMustBeInts(this: TypeRuleContext, shape: ShapeExpression, accept: ValidationAcceptor): void {
    for (const dimension of shape.dimensions) {
        if (dimension.$type === 'WildcardDimension') continue;
        const type = this.services.typing.TypeComputer.computeType(dimension);
        if (type.kind === 'unknown' || type.kind === 'type-parameter' || this.services.typing.TypeChecker.isAssignable(type, intType)) continue;
        accept('error', `A tensor dimension must be an int but got ${describeValue(dimension, type)}.`, { node: dimension, code: CODE_TYPE_MISMATCH });
    }
}

function receiverName(receiver: Expression): string {
    if (isNameReference(receiver)) {
        const target = receiver.target?.ref;
        const callee = isLetStatement(target) && target.value?.$type === 'StepCall' ? target.value.callee?.ref?.name : undefined;
        return callee === undefined ? `\`${receiver.target.$refText}\`` : `\`${receiver.target.$refText}\` (the result of \`${callee}\`)`;
    }
    return `\`${receiver.$cstNode?.text ?? 'this value'}\``;
}

function isCallResult(receiver: Expression): boolean {
    return isNameReference(receiver) && isLetStatement(receiver.target?.ref);
}

function isTargetListElement(node: NameReference): boolean {
    const list = node.$container;
    if (!isListLiteral(list) || !isEntry(list.$container)) return false;
    const schema = schemaOfEntry(list.$container);
    return schema?.kind === 'entry' && schema.value === 'target-list';
}

import { AstUtils, type ValidationAcceptor } from 'langium';
import type {
    Argument, ConstDeclaration, Expression, ForEach, Parameter, ReturnStatement, StepCall, WhenStatement, WhereClause,
} from '../generated/ast.js';
import { isPipelineDeclaration } from '../generated/ast.js';
import { matchArguments } from '../helpers/call-arguments.js';
import type { DimensionConflict } from '../typing/call-bindings.js';
import { boolType, intType } from '../typing/model.js';
import {
    CODE_SHAPE_MISMATCH, CODE_TYPE_MISMATCH, type TypeRuleContext, describeValue, reportUnlessAssignable,
} from './type-diagnostics.js';

/**
 * Rules that relate a value to the type its place declares: call arguments to parameters,
 * defaults to parameters, constants to their type, returned values to the pipeline's outputs,
 * conditions to `bool`, `for` iterables to lists.
 */

/** `train(reviews)` where `train` wants `Dataset<Tokens>`; tensor arguments that fix `N` two ways. */
export function argumentsMustFitTheirParameters(this: TypeRuleContext, call: StepCall, accept: ValidationAcceptor): void {
    const callee = call.callee?.ref;
    if (callee === undefined) return;
    const computer = this.services.typing.TypeComputer;
    const { conflicts } = computer.callBindings(call);
    const match = matchArguments(callee.parameters, call.arguments);
    for (const [parameter, argument] of match.bound) {
        const conflict = conflicts.find(candidate => candidate.argument === argument);
        if (conflict) {
            reportConflict(this, accept, callee.name, parameter, argument, conflict);
            continue;
        }
        reportUnlessAssignable(this, accept, `Argument \`${parameter.name}\` of \`${callee.name}\``,
            argument.value, computer.expectedParameterType(call, parameter));
    }
}

function reportConflict(context: TypeRuleContext, accept: ValidationAcceptor, calleeName: string, parameter: Parameter,
    argument: Argument, conflict: DimensionConflict): void {
    const computer = context.services.typing.TypeComputer;
    const source = conflict.boundBy === undefined ? '' : ` (from argument \`${argumentName(conflict.boundBy)}\`)`;
    const actual = computer.computeType(argument.value);
    accept('error',
        `Argument \`${parameter.name}\` of \`${calleeName}\` expects ${computer.computeType(parameter).toString()} with `
        + `${conflict.name} = ${conflict.bound.toString()}${source} but got ${describeValue(argument.value, actual)}: `
        + `${conflict.name} cannot be both ${conflict.bound.toString()} and ${conflict.given.toString()}.`,
        { node: argument.value ?? argument, code: CODE_SHAPE_MISMATCH });
}

function argumentName(argument: Argument): string {
    if (argument.name !== undefined) return argument.name;
    const call = argument.$container;
    const callee = call.$type === 'StepCall' ? call.callee?.ref : undefined;
    const match = callee ? matchArguments(callee.parameters, call.arguments) : undefined;
    for (const [parameter, bound] of match?.bound ?? []) {
        if (bound === argument) return parameter.name;
    }
    return '?';
}

/** `lr: float = "fast"`. */
export function defaultsMustFitTheirParameters(this: TypeRuleContext, parameter: Parameter, accept: ValidationAcceptor): void {
    if (parameter.default === undefined || parameter.type === undefined) return;
    reportUnlessAssignable(this, accept, `The default of \`${parameter.name}\``, parameter.default,
        this.services.typing.TypeComputer.computeType(parameter));
}

/** `const batch: int = 0.5`. */
export function constantsMustFitTheirType(this: TypeRuleContext, constant: ConstDeclaration, accept: ValidationAcceptor): void {
    if (constant.type === undefined || constant.value === undefined) return;
    reportUnlessAssignable(this, accept, `Constant \`${constant.name}\``, constant.value,
        this.services.typing.TypeComputer.computeType(constant.type));
}

/** `return { model: e.metrics }` where the output `model` is a `Model<…>`. */
export function returnedValuesMustFitTheOutputs(this: TypeRuleContext, statement: ReturnStatement, accept: ValidationAcceptor): void {
    const pipeline = AstUtils.getContainerOfType(statement, isPipelineDeclaration);
    if (pipeline === undefined || statement.value === undefined) return;
    for (const field of statement.value.fields) {
        const output = pipeline.outputs.find(candidate => candidate.name === field.name);
        // A name that is no output is `unknown-output`, reported by the pipeline rules.
        if (output === undefined || output.type === undefined) continue;
        reportUnlessAssignable(this, accept, `Output \`${output.name}\` of \`${pipeline.name}\``, field.value,
            this.services.typing.TypeComputer.computeType(output));
    }
}

/** `where lr` where `lr` is a float. */
export function whereConditionsMustBeBool(this: TypeRuleContext, clause: WhereClause, accept: ValidationAcceptor): void {
    conditionMustBeBool(this, accept, 'A `where` condition', clause.condition);
}

/** `when accuracy { … }` where `accuracy` is a float. */
export function whenConditionsMustBeBool(this: TypeRuleContext, statement: WhenStatement, accept: ValidationAcceptor): void {
    conditionMustBeBool(this, accept, 'A `when` condition', statement.condition);
}

function conditionMustBeBool(context: TypeRuleContext, accept: ValidationAcceptor, subject: string, condition: Expression | undefined): void {
    reportUnlessAssignable(context, accept, subject, condition, boolType);
}

/** `for v in reviews => …` where `reviews` is a dataset, not a list; `concurrency` must be an int. */
export function forEachMustIterateAList(this: TypeRuleContext, loop: ForEach, accept: ValidationAcceptor): void {
    const computer = this.services.typing.TypeComputer;
    if (loop.iterable !== undefined) {
        const iterable = computer.computeType(loop.iterable);
        if (iterable.kind !== 'list' && iterable.kind !== 'unknown') {
            accept('error', `\`for\` needs a list to iterate over but got ${describeValue(loop.iterable, iterable)}.`,
                { node: loop.iterable, code: CODE_TYPE_MISMATCH });
        }
    }
    reportUnlessAssignable(this, accept, '`concurrency`', loop.concurrency, intType);
}

import { AstUtils, type Cancellation, type ValidationAcceptor } from 'langium';
import type { Expression, ReturnStatement, StepCall } from '../../generated/ast.js';
import { isPipelineDeclaration } from '../../generated/ast.js';
import { matchArguments } from '../../helpers/call-arguments.js';
import type { DimensionEquality } from '../../typing/dimensions.js';
import type { Type } from '../../typing/model.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import type { DeclarationConstraints } from '../constraint-model.js';
import { type Term, and, eq, not } from '../terms.js';
import { evaluate, formatAssignments } from '../values.js';
import { type ConstraintRuleContext, ask, reportUndecided, userVariablesOf } from './rule-support.js';

export const CODE_SHAPE_MISMATCH = DiagnosticCode.ShapeMismatch;

/** A value whose tensor type fits only if some symbolic dimensions are equal. */
interface Obligation {
    readonly value: Expression;
    /** "Argument `x` of `embed`", "Output `y` of `p`". */
    readonly subject: string;
    readonly expected: Type;
    readonly actual: Type;
    readonly equalities: readonly { readonly equality: DimensionEquality; readonly term: Term }[];
}

/**
 * `embed(x)` where `x: Tensor<f32, [batch * accum, 768]>` and `embed` wants `[256, 768]`: the
 * symbolic dimensions (the type checker leaves them to the solver) must be provably equal under
 * the caller's `where` clauses. Equalities that name a dimension variable the call does not fix
 * are not checked.
 */
export async function tensorArgumentsMustHaveProvablyEqualDimensions(this: ConstraintRuleContext, call: StepCall, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const model = this.services.constraints.Model;
    const callee = call.callee?.ref;
    const caller = model.enclosingDeclaration(call);
    if (callee === undefined || caller === undefined) return;
    const computer = this.services.typing.TypeComputer;
    const constraints = model.constraintsOf(caller);
    const obligations: Obligation[] = [];
    for (const [parameter, argument] of matchArguments(callee.parameters, call.arguments).bound) {
        if (argument.value === undefined) continue;
        const obligation = obligationOf(this, constraints, argument.value, () => `Argument \`${parameter.name}\` of \`${callee.name}\``,
            computer.expectedParameterType(call, parameter));
        if (obligation) obligations.push(obligation);
    }
    // Most calls pass no tensors with symbolic dimensions: nothing to prove, no guards to encode.
    if (obligations.length === 0) return;
    await prove(this, accept, constraints, model.guardsOf(call, constraints.scope), obligations, cancelToken);
}

/** `return { y: h.out }` where the output `y` wants `[batch, 768]` and `h.out` is `[256, 768]`. */
export async function returnedTensorsMustHaveProvablyEqualDimensions(this: ConstraintRuleContext, statement: ReturnStatement, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const pipeline = AstUtils.getContainerOfType(statement, isPipelineDeclaration);
    if (pipeline === undefined || statement.value === undefined) return;
    const constraints = this.services.constraints.Model.constraintsOf(pipeline);
    const computer = this.services.typing.TypeComputer;
    const obligations: Obligation[] = [];
    for (const field of statement.value.fields) {
        const output = pipeline.outputs.find(candidate => candidate.name === field.name);
        if (output === undefined || field.value === undefined) continue;
        const obligation = obligationOf(this, constraints, field.value, () => `Output \`${output.name}\` of \`${pipeline.name}\``, computer.computeType(output));
        if (obligation) obligations.push(obligation);
    }
    await prove(this, accept, constraints, [], obligations, cancelToken);
}

/** What `value` must prove to fit `expected`, if anything; `subject` names it in a message (made only then). */
function obligationOf(context: ConstraintRuleContext, constraints: DeclarationConstraints, value: Expression, subject: () => string, expected: Type): Obligation | undefined {
    const actual = context.services.typing.TypeComputer.computeType(value);
    const relation = context.services.typing.TypeChecker.relate(actual, expected);
    if (!relation.assignable || relation.equalities.length === 0) return undefined;
    const model = context.services.constraints.Model;
    const equalities = relation.equalities.flatMap(equality => {
        const left = model.dimensionTerm(equality.left, constraints.scope);
        const right = model.dimensionTerm(equality.right, constraints.scope);
        return left === undefined || right === undefined ? [] : [{ equality, term: eq(left, right) }];
    });
    return equalities.length === 0 ? undefined : { value, subject: subject(), expected, actual, equalities };
}

async function prove(context: ConstraintRuleContext, accept: ValidationAcceptor, constraints: DeclarationConstraints, guards: readonly Term[],
    obligations: readonly Obligation[], cancelToken: Cancellation.CancellationToken): Promise<void> {
    if (obligations.length === 0) return;
    const assumptions = [...constraints.domain, ...constraints.clauses.map(clause => clause.term), ...guards];
    const all = and(...obligations.flatMap(obligation => obligation.equalities.map(({ term }) => term)));
    const answer = await ask(context, { assumptions, tracked: [not(all)] }, cancelToken);
    if (answer.status === 'unknown') {
        reportUndecided(context, accept, answer, `the tensor dimensions here are equal`, { node: obligations[0]!.value });
        return;
    }
    if (answer.status !== 'sat') return;
    for (const obligation of obligations) {
        const failing = obligation.equalities.find(({ term }) => {
            const value = evaluate(term, answer.model);
            return value.op === 'bool' && !value.value;
        });
        if (failing === undefined) continue;
        const { equality, term } = failing;
        const variables = userVariablesOf(term);
        const example = variables.length === 0 ? '' : `; \`${constraints.declaration.name}\` allows ${formatAssignments(variables, answer.model)}`;
        accept('error', `${obligation.subject} expects ${obligation.expected.toString()} but got ${obligation.actual.toString()}: `
            + `dimension ${equality.index + 1}, ${equality.left.toString()} = ${equality.right.toString()}, does not follow from the \`where\` clauses${example}.`,
        { node: obligation.value, code: CODE_SHAPE_MISMATCH });
    }
}

import { AstUtils, type Cancellation, type ValidationAcceptor } from 'langium';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { StepCall } from '../../generated/ast.js';
import { isParameter } from '../../generated/ast.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import { and, not } from '../terms.js';
import { evaluate, formatAssignments, formatTerm } from '../values.js';
import { type ConstraintRuleContext, ask, parametersNamedIn, reportUndecided, userVariablesOf } from './rule-support.js';
import { sourceText } from '../../helpers/source-text.js';

export const CODE_CALL_VIOLATES_CONSTRAINT = DiagnosticCode.CallViolatesConstraint;

/**
 * `train(batch: batch)` in a pipeline whose `where` clauses allow `batch = 12`, where `train`
 * requires `batch % 8 == 0`. The callee's clauses, with its parameters replaced by the
 * arguments, must follow from the caller's clauses (and the `when` conditions the call stands
 * under). A clause that names a parameter whose argument cannot be encoded (a step output, a
 * loop variable) is not checked.
 */
export async function callsMustSatisfyCalleeConstraints(this: ConstraintRuleContext, call: StepCall, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const model = this.services.constraints.Model;
    const callee = call.callee?.ref;
    const caller = model.enclosingDeclaration(call);
    if (callee === undefined || caller === undefined) return;
    const calleeConstraints = model.constraintsOf(callee);
    if (calleeConstraints.clauses.length === 0) return;
    const callerConstraints = model.constraintsOf(caller);
    const scope = model.calleeScope(call, callerConstraints.scope);
    const required = calleeConstraints.clauses.flatMap(({ clause }) => {
        const term = model.encoder.encodeCondition(clause.condition, scope);
        return term === undefined ? [] : [{ clause, term }];
    });
    if (required.length === 0) return;
    const assumptions = model.assumptionsAt(call, callerConstraints);
    const answer = await ask(this, { assumptions, tracked: [not(and(...required.map(({ term }) => term)))] }, cancelToken);
    if (answer.status === 'unknown') {
        reportUndecided(this, accept, answer, `the \`where\` clauses of \`${caller.name}\` imply those of \`${callee.name}\``, { node: call, property: 'callee' });
        return;
    }
    if (answer.status !== 'sat') return;
    const violated = required.find(({ term }) => {
        const value = evaluate(term, answer.model);
        return value.op === 'bool' && !value.value;
    }) ?? required[0]!;
    const requirement = `\`${callee.name}\` requires \`${sourceText(violated.clause.condition)}\``;
    const callerValues = userVariablesOf(violated.term);
    const calleeValues = parametersNamedIn(violated.clause.condition, callee).filter(isParameter).flatMap(parameter => {
        const term = scope.valueOf(parameter);
        if (term === undefined) return [];
        const kind = model.encoder.variableFor(parameter, parameter.name);
        return [`${parameter.name} = ${formatTerm(evaluate(term, answer.model), kind?.op === 'var' ? kind.unit : undefined)}`];
    }).join(', ');
    const message = callerValues.length > 0
        ? `${requirement}; \`${caller.name}\` allows ${formatAssignments(callerValues, answer.model)}${calleeValues && calleeValues !== formatAssignments(callerValues, answer.model) ? `, so the call gives ${calleeValues}` : ''}.`
        : `${requirement}, but this call gives ${calleeValues || 'values that violate it'}.`;
    // Editors link to the clause, which may be in another file.
    const clauseRange = violated.clause.condition?.$cstNode?.range;
    const relatedInformation: DiagnosticRelatedInformation[] = clauseRange === undefined ? []
        : [{ location: { uri: AstUtils.getDocument(callee).uri.toString(), range: clauseRange }, message: `the \`where\` clause of \`${callee.name}\`: \`${sourceText(violated.clause.condition)}\`` }];
    accept('error', message, { node: call, property: 'callee', code: CODE_CALL_VIOLATES_CONSTRAINT, relatedInformation });
}


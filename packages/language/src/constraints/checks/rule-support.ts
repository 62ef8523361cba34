import { type AstNode, AstUtils, type Cancellation, OperationCancelled, type ValidationAcceptor } from 'langium';
import type { Callable, Expression, NamedElement } from '../../generated/ast.js';
import { isNameReference } from '../../generated/ast.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import type { WeftServices } from '../../weft-module.js';
import type { SolverAnswer, SolverQuery } from '../constraint-solver.js';
import { type Term, type Variable, variablesOf } from '../terms.js';
import { formatQuantity } from '../values.js';

/** What a constraint rule needs: the services (rules run with the validator as `this`). */
export interface ConstraintRuleContext {
    readonly services: WeftServices;
}

/**
 * Asks the solver, giving up when the build was cancelled meanwhile (an edit): the rule then
 * throws Langium's cancellation, so no result computed for an outdated document is reported.
 */
export async function ask(context: ConstraintRuleContext, query: SolverQuery, cancelToken: Cancellation.CancellationToken): Promise<SolverAnswer> {
    if (cancelToken.isCancellationRequested) throw OperationCancelled;
    let answer: SolverAnswer;
    try {
        answer = await context.services.constraints.Solver.solve(query);
    } catch (error) {
        // A solver failure must not take the other checks down; it claims nothing.
        answer = { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
    }
    if (cancelToken.isCancellationRequested) throw OperationCancelled;
    return answer;
}

/** `solver-timeout`: Z3 gave no answer, so nothing is claimed. */
export function reportUndecided(context: ConstraintRuleContext, accept: ValidationAcceptor, answer: SolverAnswer & { status: 'unknown' },
    question: string, location: { node: AstNode; property?: string }): void {
    const budget = formatQuantity(BigInt(context.services.constraints.SolverSettings.timeoutMilliseconds), 'duration');
    const why = answer.reason === 'timeout' || answer.reason === 'canceled'
        ? `within the budget of ${budget}` : `(the solver answered "unknown": ${answer.reason || 'no reason given'})`;
    accept('warning', `Could not decide ${why} whether ${question}; nothing is claimed. Raise the budget with --solver-timeout or simplify the constraints.`,
        { ...location, code: DiagnosticCode.SolverTimeout } as Parameters<ValidationAcceptor>[2]);
}

/** The parameters of `declaration` that `expression` names, each once, in order. */
export function parametersNamedIn(expression: Expression | undefined, declaration: Callable): NamedElement[] {
    if (expression === undefined) return [];
    const found: NamedElement[] = [];
    for (const node of AstUtils.streamAst(expression)) {
        if (!isNameReference(node)) continue;
        const target = node.target?.ref;
        if (target !== undefined && target.$container === declaration && !found.includes(target)) found.push(target);
    }
    return found;
}

/** The user's variables of some terms (not the checks' auxiliary ones, whose names start with `$`). */
export function userVariablesOf(...terms: readonly Term[]): Variable[] {
    return variablesOf(...terms).filter(variable => !variable.name.startsWith('$'));
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
    return count === 1 ? singular : pluralForm;
}

import { type Cancellation, type ValidationAcceptor, AstUtils } from 'langium';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Callable, NamedElement } from '../../generated/ast.js';
import { isParameter } from '../../generated/ast.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import type { EncodingScope } from '../encoding.js';
import type { Term } from '../terms.js';
import { formatTerm } from '../values.js';
import { type ConstraintRuleContext, ask, parametersNamedIn, reportUndecided } from './rule-support.js';
import { sourceText } from '../../helpers/source-text.js';

export const CODE_CONSTRAINT_UNSAT = DiagnosticCode.ConstraintUnsat;
export const CODE_DEFAULT_VIOLATES_CONSTRAINT = DiagnosticCode.DefaultViolatesConstraint;

/**
 * `where batch > 64` and `where batch in 1..32` on one step: no values satisfy both. Reported
 * on each clause of a minimal unsatisfiable core, naming the others; clauses outside it get nothing.
 */
export async function whereClausesMustBeSatisfiable(this: ConstraintRuleContext, declaration: Callable, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const constraints = this.services.constraints.Model.constraintsOf(declaration);
    if (constraints.clauses.length === 0) return;
    const answer = await ask(this, { assumptions: constraints.domain, tracked: constraints.clauses.map(clause => clause.term), minimizeCore: true, needsModel: false }, cancelToken);
    if (answer.status === 'unknown') {
        reportUndecided(this, accept, answer, `the \`where\` clauses of \`${declaration.name}\` can hold together`, { node: declaration, property: 'name' });
        return;
    }
    if (answer.status !== 'unsat') return;
    const core = answer.core.map(index => constraints.clauses[index]!.clause);
    const uri = AstUtils.getDocument(declaration).uri.toString();
    for (const clause of core) {
        const others = core.filter(other => other !== clause);
        const message = others.length === 0
            ? `\`${sourceText(clause.condition)}\` can never hold, so \`${declaration.name}\` can never be run.`
            : `\`${sourceText(clause.condition)}\` contradicts ${others.map(other => `\`${sourceText(other.condition)}\``).join(' and ')}: `
                + `no values of the parameters of \`${declaration.name}\` satisfy them together.`;
        const relatedInformation: DiagnosticRelatedInformation[] = others.flatMap(other => other.condition?.$cstNode
            ? [{ location: { uri, range: other.condition.$cstNode.range }, message: `contradicting clause \`${sourceText(other.condition)}\`` }]
            : []);
        accept('error', message, { node: clause, property: 'condition', code: CODE_CONSTRAINT_UNSAT, relatedInformation });
    }
}

/**
 * `batch: int = 12` with `where batch % 8 == 0`: the defaults alone violate a clause. Only
 * clauses whose parameters all have defaults are checked; constants fold, so this needs no solver.
 */
export function defaultsMustSatisfyWhereClauses(this: ConstraintRuleContext, declaration: Callable, accept: ValidationAcceptor): void {
    const model = this.services.constraints.Model;
    const encoder = model.encoder;
    const empty: EncodingScope = { valueOf: () => undefined };
    const defaults = new Map<NamedElement, Term | undefined>();
    for (const parameter of declaration.parameters) {
        if (parameter.default !== undefined) defaults.set(parameter, encoder.encode(parameter.default, empty));
    }
    const scope: EncodingScope = { valueOf: element => defaults.get(element) };
    for (const { clause } of model.constraintsOf(declaration).clauses) {
        const value = encoder.encodeCondition(clause.condition, scope);
        if (value === undefined || value.op !== 'bool' || value.value) continue;
        const values = parametersNamedIn(clause.condition, declaration).filter(isParameter).map(parameter => {
            const term = defaults.get(parameter);
            const unit = term && encoder.variableFor(parameter, parameter.name);
            return `${parameter.name} = ${term ? formatTerm(term, unit?.op === 'var' ? unit.unit : undefined) : sourceText(parameter.default)}`;
        });
        const listing = values.length === 0 ? '' : ` (${values.join(', ')})`;
        accept('error', `The defaults of \`${declaration.name}\`${listing} violate \`${sourceText(clause.condition)}\`.`,
            { node: clause, property: 'condition', code: CODE_DEFAULT_VIOLATES_CONSTRAINT });
    }
}


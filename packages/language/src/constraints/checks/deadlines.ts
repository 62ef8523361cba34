import type { Cancellation, ValidationAcceptor } from 'langium';
import type { Callable, Entry, LetStatement, Member, PipelineDeclaration, StepCall } from '../../generated/ast.js';
import { isBlockEntry, isEntry, isForEach, isStepCall } from '../../generated/ast.js';
import { pipelineDependencies } from '../../helpers/pipeline-dependencies.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import type { ConstraintModel, DeclarationConstraints } from '../constraint-model.js';
import type { EncodingScope } from '../encoding.js';
import { type Term, add, eq, intTerm, isConstant, lt, max, mul, variable } from '../terms.js';
import { type Model, evaluate, formatAssignments, formatTerm } from '../values.js';
import { type ConstraintRuleContext, ask, reportUndecided, userVariablesOf } from './rule-support.js';

export const CODE_DEADLINE_RISK = DiagnosticCode.DeadlineRisk;

/** What one call may take: `timeout × attempts` (after `with` overrides); 0 without a timeout. */
interface CallCost {
    readonly statement: LetStatement;
    readonly callee: Callable;
    readonly timeout: Term;
    readonly attempts: Term;
}

/**
 * `timeout: 1h` on a pipeline whose calls `tokenize` (2m) → `train` (20m × 3 attempts) can take
 * 1h 2m. The longest path of the pipeline's dependency graph (data, `after`, `when` conditions
 * and `on failure` edges) is compared with the timeout. A step without `timeout` adds nothing;
 * `retry.attempts` defaults to 1; a sub-pipeline call costs that pipeline's `timeout`; a `for`
 * counts as one call.
 */
export async function pipelineTimeoutShouldCoverTheLongestPath(this: ConstraintRuleContext, pipeline: PipelineDeclaration, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const model = this.services.constraints.Model;
    const timeoutEntry = entryNamed(pipeline.members, 'timeout');
    const constraints = model.constraintsOf(pipeline);
    const timeout = timeoutEntry && model.encoder.encode(timeoutEntry.value, constraints.scope);
    if (timeoutEntry === undefined || timeout === undefined) return;

    const dependencies = pipelineDependencies(pipeline);
    const costs = new Map<LetStatement, CallCost | undefined>(dependencies.lets.map(statement => [statement, costOf(model, constraints, statement)]));
    // Finishing times, each a constant or a fresh variable defined by an assumption, so the problem stays linear in size.
    const finish = new Map<LetStatement, Term>();
    const definitions: Term[] = [];
    const visiting = new Set<LetStatement>();
    const finishOf = (statement: LetStatement): Term => {
        const known = finish.get(statement);
        if (known !== undefined) return known;
        if (visiting.has(statement)) return intTerm(0); // a cycle, reported elsewhere
        visiting.add(statement);
        let start: Term = intTerm(0);
        for (const dependency of dependencies.dependenciesOf(statement)) start = max(start, finishOf(dependency.to));
        visiting.delete(statement);
        const cost = costs.get(statement);
        let term = cost ? add(start, mul(cost.timeout, cost.attempts)) : start;
        if (!isConstant(term) && term.op !== 'var') {
            const name = variable(`$finish${finish.size}`, 'int', 'duration');
            definitions.push(eq(name, term));
            term = name;
        }
        finish.set(statement, term);
        return term;
    };
    let longest: Term = intTerm(0);
    for (const statement of dependencies.lets) longest = max(longest, finishOf(statement));

    const assumptions = [...constraints.domain, ...constraints.clauses.map(clause => clause.term), ...definitions];
    const answer = await ask(this, { assumptions, tracked: [lt(timeout, longest)] }, cancelToken);
    if (answer.status === 'unknown') {
        reportUndecided(this, accept, answer, `the timeout of \`${pipeline.name}\` covers its longest path`, { node: timeoutEntry, property: 'value' });
        return;
    }
    if (answer.status !== 'sat') return;
    const path = longestPath(dependencies.lets, statement => dependencies.dependenciesOf(statement).map(dependency => dependency.to), finish, answer.model);
    const steps = path.map(statement => describeCost(costs.get(statement), answer.model)).filter(text => text !== undefined);
    const values = userVariablesOf(timeout, ...constraints.clauses.map(clause => clause.term)).filter(value => !value.name.startsWith('$'));
    const when = values.length === 0 || userVariablesOf(timeout, ...path.map(statement => finish.get(statement)!), ...definitions).length === 0
        ? '' : ` when ${formatAssignments(values, answer.model)}`;
    accept('warning', `The timeout of \`${pipeline.name}\`, ${formatTerm(evaluate(timeout, answer.model), 'duration')}, is shorter than its longest path`
        + `${when}: ${steps.join(' → ')} can take ${formatTerm(evaluate(longest, answer.model), 'duration')} (step timeout × attempts).`,
    { node: timeoutEntry, property: 'value', code: CODE_DEADLINE_RISK });
}

function costOf(model: ConstraintModel, caller: DeclarationConstraints, statement: LetStatement): CallCost | undefined {
    const call: StepCall | undefined = isStepCall(statement.value) ? statement.value : isForEach(statement.value) ? statement.value.call : undefined;
    const callee = call?.callee?.ref;
    if (call === undefined || callee === undefined) return undefined;
    const calleeScope = model.calleeScope(call, caller.scope);
    const read = (members: readonly Member[] | undefined, scope: EncodingScope, key: string, inRetry: boolean): Term | undefined => {
        const container = inRetry ? blockNamed(members, 'retry') : members;
        const entry = entryNamed(container, key);
        return entry === undefined ? undefined : model.encoder.encode(entry.value, scope);
    };
    const overrides = call.overrides?.members;
    const timeout = read(overrides, caller.scope, 'timeout', false) ?? read(callee.members, calleeScope, 'timeout', false);
    if (timeout === undefined) return undefined;
    const attempts = callee.$type === 'PipelineDeclaration' ? intTerm(1)
        : read(overrides, caller.scope, 'attempts', true) ?? read(callee.members, calleeScope, 'attempts', true) ?? intTerm(1);
    return { statement, callee, timeout, attempts };
}

function longestPath(lets: readonly LetStatement[], predecessors: (statement: LetStatement) => LetStatement[],
    finish: ReadonlyMap<LetStatement, Term>, model: Model): LetStatement[] {
    const valueOf = (statement: LetStatement): bigint => {
        const term = evaluate(finish.get(statement) ?? intTerm(0), model);
        return term.op === 'int' ? term.value : 0n;
    };
    let last: LetStatement | undefined = lets[0];
    for (const statement of lets) if (last === undefined || valueOf(statement) > valueOf(last)) last = statement;
    const path: LetStatement[] = [];
    const seen = new Set<LetStatement>();
    while (last !== undefined && !seen.has(last)) {
        seen.add(last);
        path.unshift(last);
        let next: LetStatement | undefined;
        for (const candidate of predecessors(last)) if (next === undefined || valueOf(candidate) > valueOf(next)) next = candidate;
        last = next as LetStatement | undefined;
    }
    return path;
}

function describeCost(cost: CallCost | undefined, model: Model): string | undefined {
    if (cost === undefined) return undefined;
    const timeout = formatTerm(evaluate(cost.timeout, model), 'duration');
    const attempts = evaluate(cost.attempts, model);
    const times = attempts.op === 'int' && attempts.value === 1n ? '' : ` × ${formatTerm(attempts)}`;
    return `${cost.callee.name} (${timeout}${times})`;
}

function entryNamed(members: readonly Member[] | undefined, key: string): Entry | undefined {
    return members?.find((member): member is Entry => isEntry(member) && member.key === key);
}

function blockNamed(members: readonly Member[] | undefined, key: string): readonly Member[] | undefined {
    const found = members?.find(member => isBlockEntry(member) && member.key === key);
    return found && isBlockEntry(found) ? found.body?.members : undefined;
}

import type { Cancellation, ValidationAcceptor } from 'langium';
import type { StepCall } from '../../generated/ast.js';
import { isPipelineDeclaration, isStepDeclaration } from '../../generated/ast.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import { machinesOf, requiredResources, retryMemory } from '../resource-model.js';
import { type Term, and, gt, lt } from '../terms.js';
import { type Model, evaluate, formatAssignments, formatTerm } from '../values.js';
import { type ConstraintRuleContext, ask, reportUndecided, userVariablesOf } from './rule-support.js';

/**
 * `retry { memory }` is the most memory an attempt killed at its memory limit may be placed
 * again with (the runtime doubles from `resources.memory` up to it). Checked at each call
 * (after `with`): below `resources.memory` for some allowed values it is an error (the step
 * could never be given it); above what every machine of one of the pipeline's targets offers,
 * a warning (the doubling stops at the biggest machine).
 */
export async function retryMemoryMustFit(this: ConstraintRuleContext, call: StepCall, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const model = this.services.constraints.Model;
    const step = call.callee?.ref;
    const pipeline = model.enclosingDeclaration(call);
    if (!isStepDeclaration(step) || !isPipelineDeclaration(pipeline)) return;
    const caller = model.constraintsOf(pipeline);
    const stepScope = model.calleeScope(call, caller.scope);
    const ceiling = retryMemory(model, step, call, stepScope, caller.scope);
    if (ceiling === undefined) return;
    const assumptions = model.assumptionsAt(call, caller);
    const location = { node: call, property: 'callee' } as const;

    const memory = requiredResources(model, step, call, stepScope, caller.scope).memory;
    if (memory !== undefined) {
        const below = await ask(this, { assumptions, tracked: [lt(ceiling, memory)] }, cancelToken);
        if (below.status === 'unknown') reportUndecided(this, accept, below, `the retry.memory of \`${step.name}\` covers its resources.memory`, location);
        else if (below.status === 'sat') {
            accept('error', `\`${step.name}\` may be placed again with at most retry.memory ${show(ceiling, below.model)}, `
                + `less than its resources.memory ${show(memory, below.model)}${when(below.model, ceiling, memory)}: retry.memory must be at least resources.memory.`,
            { ...location, code: DiagnosticCode.RetryMemoryTooLow });
        }
    }

    for (const target of model.targetsOf(pipeline)) {
        const machines = machinesOf(model, target).filter(machine => machine.capacity.memory !== undefined);
        // A machine that does not say how much memory it has is unlimited.
        if (machines.length === 0 || machines.length < machinesOf(model, target).length) continue;
        const above = await ask(this, { assumptions, tracked: [and(...machines.map(machine => gt(ceiling, machine.capacity.memory!)))] }, cancelToken);
        if (above.status === 'unknown') {
            reportUndecided(this, accept, above, `the retry.memory of \`${step.name}\` fits target \`${target.name}\``, location);
        } else if (above.status === 'sat') {
            const largest = machines.map(machine => `${machine.description} has ${show(machine.capacity.memory!, above.model)}`).join('; ');
            accept('warning', `\`${step.name}\` has retry.memory ${show(ceiling, above.model)}${when(above.model, ceiling)}, more than any machine of target `
                + `\`${target.name}\` offers (${largest}): after running out of memory it is placed again with at most what the biggest one has.`,
            { ...location, code: DiagnosticCode.RetryMemoryExceedsTarget });
        }
    }
}

function show(term: Term, model: Model): string {
    return formatTerm(evaluate(term, model), 'memory');
}

function when(model: Model, ...terms: readonly Term[]): string {
    const values = userVariablesOf(...terms);
    return values.length === 0 ? '' : ` when ${formatAssignments(values, model)}`;
}

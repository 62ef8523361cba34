import type { Cancellation, ValidationAcceptor } from 'langium';
import type { StepCall, TargetDeclaration } from '../../generated/ast.js';
import { isPipelineDeclaration, isStepDeclaration } from '../../generated/ast.js';
import { DiagnosticCode } from '../../validation/diagnostic-codes.js';
import { type Machine, type ResourceName, type Resources, machinesOf, requiredResources, resourceNames } from '../resource-model.js';
import { type Term, and, le, not, or } from '../terms.js';
import { type Model, evaluate, formatAssignments, formatTerm } from '../values.js';
import { type ConstraintRuleContext, ask, reportUndecided, userVariablesOf } from './rule-support.js';

export const CODE_RESOURCE_INFEASIBLE = DiagnosticCode.ResourceInfeasible;

/**
 * `train()` needs `memory: 16Gi * replicas` with `replicas in 1..4`, and target `dev` is a
 * sandbox with 24Gi: for some allowed values the step fits no machine of the target. Checked
 * for each target of the calling pipeline (every target of the workspace when it lists none);
 * cpu, memory, gpu and gpuMemory must fit the same pool.
 */
export async function callsMustFitTheirTargets(this: ConstraintRuleContext, call: StepCall, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> {
    const model = this.services.constraints.Model;
    const step = call.callee?.ref;
    const pipeline = model.enclosingDeclaration(call);
    if (!isStepDeclaration(step) || !isPipelineDeclaration(pipeline)) return;
    const caller = model.constraintsOf(pipeline);
    const required = requiredResources(model, step, call, model.calleeScope(call, caller.scope), caller.scope);
    if (resourceNames.every(name => required[name] === undefined)) return;
    const targets = model.targetsOf(pipeline)
        .map(target => ({ target, machines: machinesOf(model, target) }))
        .filter(({ machines }) => machines.length > 0);
    if (targets.length === 0) return;
    const assumptions = model.assumptionsAt(call, caller);
    const fitsTarget = (machines: readonly Machine[]): Term => or(...machines.map(machine => fits(required, machine)));

    // One question for all targets; only when some target fails is each asked on its own.
    const any = await ask(this, { assumptions, tracked: [or(...targets.map(({ machines }) => not(fitsTarget(machines))))] }, cancelToken);
    if (any.status === 'unknown') {
        reportUndecided(this, accept, any, `\`${step.name}\` fits the targets of \`${pipeline.name}\``, { node: call, property: 'callee' });
        return;
    }
    if (any.status !== 'sat') return;
    for (const { target, machines } of targets) {
        const answer = await ask(this, { assumptions, tracked: [not(fitsTarget(machines))] }, cancelToken);
        if (answer.status === 'unknown') {
            reportUndecided(this, accept, answer, `\`${step.name}\` fits target \`${target.name}\``, { node: call, property: 'callee' });
        } else if (answer.status === 'sat') {
            accept('error', describeMisfit(step.name ?? '?', target, machines, required, answer.model),
                { node: call, property: 'callee', code: CODE_RESOURCE_INFEASIBLE });
        }
    }
}

function fits(required: Resources, machine: Machine): Term {
    return and(...resourceNames.flatMap(name => {
        const need = required[name];
        const have = machine.capacity[name];
        return need === undefined || have === undefined ? [] : [le(need, have)];
    }));
}

function describeMisfit(stepName: string, target: TargetDeclaration, machines: readonly Machine[], required: Resources, model: Model): string {
    const values = userVariablesOf(...resourceNames.flatMap(name => required[name] ?? []));
    const when = values.length === 0 ? '' : ` when ${formatAssignments(values, model)}`;
    const needs = resourceNames.flatMap(name => required[name] === undefined ? [] : [`${name} ${show(name, evaluate(required[name]!, model))}`]);
    const shortfalls = machines.map(machine => {
        const lacking = resourceNames.filter(name => {
            const need = required[name];
            const have = machine.capacity[name];
            if (need === undefined || have === undefined) return false;
            const value = evaluate(le(need, have), model);
            return value.op === 'bool' && !value.value;
        });
        return `${machine.description} has ${lacking.map(name => `${name} ${show(name, evaluate(machine.capacity[name]!, model))}`).join(', ')}`;
    });
    const place = target.kind === 'sandbox' ? `does not fit target \`${target.name}\`` : `fits no pool of target \`${target.name}\``;
    return `\`${stepName}\` ${place}${when}: it needs ${needs.join(', ')}, but ${shortfalls.join('; ')}.`;
}

function show(name: ResourceName, term: Term): string {
    return formatTerm(term, name === 'gpu' ? undefined : name === 'gpuMemory' ? 'memory' : name);
}

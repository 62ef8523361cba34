/**
 * The pipeline's parameters in an exported workflow: which values are known when it is
 * written, how each travels as an Argo parameter, and which ones the workflow's shape
 * depends on (fixed by an `enum` of one value).
 */
import type { CompiledPlan } from '../../contract/plan.js';
import { evaluate, type EvaluationScope } from '../../plan/expression-evaluator.js';
import type { ArgoParameter } from './argo-manifests.js';
import { type ParameterKind, parameterKind, parameterText } from './parameter-kinds.js';
import { readsOf, settingExpressions } from './plan-reads.js';

/** Throws the export's error for a call (or the whole plan), with the reason. */
export type Refuse = (node: string | undefined, detail: string) => never;

/** The parameters' values known when the workflow is written, their kinds, and the Argo parameters. */
export function exportParameters(plan: CompiledPlan, given: Readonly<Record<string, unknown>>, refuse: Refuse) {
    const known = plan.parameters.map(parameter => parameter.name);
    for (const name of Object.keys(given)) {
        if (!known.includes(name)) refuse(undefined, `it has no parameter ${name} (it has ${known.join(', ') || 'none'})`);
    }
    const values = new Map<string, unknown>();
    const kinds = new Map<string, ParameterKind>();
    const argo: ArgoParameter[] = [];
    const scope: EvaluationScope = {
        parameters: {},
        output: () => { throw new Error('a default cannot read an output'); },
        artifact: name => ({ artifact: name }),
    };
    for (const parameter of plan.parameters) {
        let value: unknown;
        if (given[parameter.name] !== undefined) value = given[parameter.name];
        else if (parameter.default !== undefined) {
            try {
                value = evaluate(parameter.default, { ...scope, parameters: Object.fromEntries(values) });
            } catch {
                value = undefined; // Reads a parameter without a value: Argo asks for it at submission.
            }
        }
        const kind = parameterKind(parameter, value);
        kinds.set(parameter.name, kind);
        if (kind === 'handle') {
            if (given[parameter.name] !== undefined) refuse(undefined, `the parameter ${parameter.name} is a ${parameter.type}; the pods bind it from its default, so it cannot be given`);
            if (parameter.default === undefined) refuse(undefined, `the parameter ${parameter.name} is a ${parameter.type} without a default; Argo cannot pass one`);
            continue;
        }
        if (value !== undefined) values.set(parameter.name, value);
        argo.push({ name: parameter.name, ...(value === undefined ? {} : { value: parameterText(value, kind) }) });
    }
    return { values, kinds, argo };
}

/**
 * The parameters the workflow's shape depends on (resources, images, timeouts, retries,
 * fan-outs over parameters, the pipeline's timeout and concurrency), with what each decides.
 * Argo cannot recompute those at submission, so they are fixed by an `enum` of one value.
 */
export function fixedParameters(plan: CompiledPlan, refuse: Refuse): Map<string, string> {
    const fixed = new Map<string, string>();
    const note = (names: Iterable<string>, reason: string): void => {
        for (const name of names) if (!fixed.has(name)) fixed.set(name, reason);
    };
    for (const node of plan.nodes) {
        const reads = readsOf(settingExpressions(node), node);
        if (reads.outputs.size > 0) refuse(node.id, `its settings read the output of ${[...reads.outputs].join(', ')}, which the workflow must know when it is written`);
        if (reads.runtimeOnly.size > 0) refuse(node.id, `its settings read ${[...reads.runtimeOnly].join(', ')}, which the workflow must know when it is written`);
        note(reads.parameters, `the settings of ${node.id}`);
        if (node.forEach) {
            const items = readsOf([node.forEach.items], node);
            if (items.outputs.size === 0) note(items.parameters, `the number of elements of ${node.id}`);
            const concurrency = readsOf([node.forEach.concurrency], node);
            if (concurrency.outputs.size > 0 || concurrency.runtimeOnly.size > 0) refuse(node.id, 'its concurrency reads what the workflow cannot know when it is written');
            note(concurrency.parameters, `the concurrency of ${node.id}`);
        }
    }
    note(readsOf([plan.timeout, plan.concurrency]).parameters, 'the pipeline timeout or concurrency');
    return fixed;
}

/**
 * The pipeline's `where` clauses over the values known now: a clause that is false refuses
 * the export; one that reads a parameter without a value is left to the pods (the binder
 * checks every clause before its step runs).
 */
export function checkWhereClauses(plan: CompiledPlan, values: ReadonlyMap<string, unknown>, scope: EvaluationScope, refuse: Refuse): void {
    plan.where.forEach(clause => {
        const read = [...readsOf([clause.expression]).parameters];
        if (!read.every(name => values.has(name))) return;
        if (evaluate(clause.expression, scope) !== true) {
            refuse(undefined, `its where clause \`${clause.text}\` is false for ${read.map(name => `${name} = ${JSON.stringify(values.get(name))}`).join(', ')}`);
        }
    });
}

export function withFixed(parameter: ArgoParameter, fixed: ReadonlyMap<string, string>): ArgoParameter {
    const reason = fixed.get(parameter.name);
    if (reason === undefined || parameter.value === undefined) return parameter;
    return { ...parameter, enum: [parameter.value], description: `fixed when the workflow was written: it decides ${reason}; export again to change it` };
}


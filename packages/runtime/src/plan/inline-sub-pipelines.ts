import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan, PlanExpression, PlanNode, PlanSettings } from '../contract/plan.js';

/** The plan of a pipeline called as a step, by its name and plan file (relative to the calling plan). */
export type SubPlanLoader = (call: { readonly pipeline: string; readonly plan: string }) => CompiledPlan;

/** A sub-pipeline call the runtime cannot run: no plan for it, a fan-out over it, or a recursion. */
export class SubPipelineError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'sub-pipeline';

    constructor(readonly node: string, readonly pipeline: string, reason: string, options?: ErrorOptions) {
        super(`${node} calls the pipeline ${pipeline}: ${reason}`, options);
        this.name = 'SubPipelineError';
    }
}

/**
 * Inlines every pipeline called as a step, so its nodes run as tasks of the same run: the
 * callee's nodes get ids `<call>.<node>`, its parameters become the call's arguments, they
 * inherit the call's dependencies and `when` conditions, and whatever read the call's outputs
 * reads the callee's output expressions instead. Pure: plans in, plan out (nested calls too).
 */
export function inlineSubPipelines(plan: CompiledPlan, load: SubPlanLoader, calling: readonly string[] = [plan.pipeline]): CompiledPlan {
    if (!plan.nodes.some(node => node.call.kind === 'pipeline')) return plan;
    const nodes: PlanNode[] = [];
    const artifacts = [...plan.artifacts];
    /** For each inlined call: its output expressions and the ids it became. */
    const calls = new Map<string, { outputs: Readonly<Record<string, PlanExpression>>; ids: readonly string[] }>();
    for (const node of plan.nodes) {
        if (node.call.kind !== 'pipeline') {
            nodes.push(node);
            continue;
        }
        const { pipeline } = node.call;
        if (node.forEach) throw new SubPipelineError(node.id, pipeline, 'a fan-out (`for`) over a pipeline is not supported yet; fan out over its steps');
        if (calling.includes(pipeline)) throw new SubPipelineError(node.id, pipeline, `it calls itself (${[...calling, pipeline].join(' → ')})`);
        let callee: CompiledPlan;
        try {
            callee = inlineSubPipelines(load(node.call), load, [...calling, pipeline]);
        } catch (error) {
            if (error instanceof SubPipelineError) throw error;
            throw new SubPipelineError(node.id, pipeline, `its plan ${node.call.plan} could not be loaded (${error instanceof Error ? error.message : String(error)})`, { cause: error });
        }
        const prefix = (id: string): string => `${node.id}.${id}`;
        const inner = (expression: PlanExpression): PlanExpression => mapExpression(expression, candidate => {
            if (candidate.kind === 'parameter') return node.arguments[candidate.name] ?? candidate;
            if (candidate.kind === 'output') return { ...candidate, node: prefix(candidate.node) };
            return undefined;
        });
        for (const child of callee.nodes) {
            nodes.push({
                ...rewriteNode(child, inner),
                id: prefix(child.id),
                needs: [...node.needs, ...child.needs.map(prefix)],
                after: [...node.after, ...child.after.map(prefix)],
                ...(child.onFailureOf ? { onFailureOf: child.onFailureOf.map(prefix) } : {}),
                conditions: [...node.conditions, ...child.conditions.map(condition => ({ ...condition, when: inner(condition.when) }))],
            });
        }
        for (const artifact of callee.artifacts) if (!artifacts.some(known => known.name === artifact.name)) artifacts.push(artifact);
        calls.set(node.id, {
            outputs: Object.fromEntries(callee.outputs.map(output => [output.name, inner(output.value)])),
            ids: callee.nodes.map(child => prefix(child.id)),
        });
    }
    // Readers of a call's outputs read the callee's output expressions; waiting for the call waits for all its nodes.
    const outer = (expression: PlanExpression): PlanExpression => mapExpression(expression, candidate => {
        if (candidate.kind !== 'output') return undefined;
        const call = calls.get(candidate.node);
        if (!call) return undefined;
        if (candidate.output !== undefined) return call.outputs[candidate.output] ?? candidate;
        return { kind: 'record', fields: call.outputs };
    });
    const ids = (list: readonly string[]): string[] => [...new Set(list.flatMap(id => calls.get(id)?.ids ?? [id]))];
    return {
        ...plan,
        artifacts,
        outputs: plan.outputs.map(output => ({ ...output, value: outer(output.value) })),
        nodes: nodes.map(node => ({
            ...rewriteNode(node, outer),
            needs: ids(node.needs), after: ids(node.after),
            ...(node.onFailureOf ? { onFailureOf: ids(node.onFailureOf) } : {}),
            conditions: node.conditions.map(condition => ({ ...condition, when: outer(condition.when) })),
        })),
    };
}

/** A node with `rewrite` applied to its arguments, settings, `where` clauses and fan-out. */
function rewriteNode(node: PlanNode, rewrite: (expression: PlanExpression) => PlanExpression): PlanNode {
    const optional = (expression: PlanExpression | undefined): PlanExpression | undefined => expression && rewrite(expression);
    const group = <T extends object>(value: T | undefined): T | undefined => value && Object.fromEntries(
        Object.entries(value).map(([key, expression]) => [key, optional(expression as PlanExpression | undefined)])) as T;
    const settings: PlanSettings = {
        ...node.settings,
        ...(node.settings.image ? { image: rewrite(node.settings.image) } : {}),
        ...(node.settings.timeout ? { timeout: rewrite(node.settings.timeout) } : {}),
        ...(node.settings.cache ? { cache: rewrite(node.settings.cache) } : {}),
        ...(node.settings.resources ? { resources: group(node.settings.resources)! } : {}),
        ...(node.settings.retry ? { retry: group(node.settings.retry)! } : {}),
        ...(node.settings.sandbox ? { sandbox: group(node.settings.sandbox)! } : {}),
    };
    return {
        ...node,
        arguments: Object.fromEntries(Object.entries(node.arguments).map(([name, expression]) => [name, rewrite(expression)])),
        settings,
        where: node.where.map(clause => ({ ...clause, expression: rewrite(clause.expression) })),
        ...(node.forEach ? {
            forEach: {
                ...node.forEach, items: rewrite(node.forEach.items),
                ...(node.forEach.concurrency ? { concurrency: rewrite(node.forEach.concurrency) } : {}),
            },
        } : {}),
    };
}

/** Rebuilds an expression bottom-up; `replace` returns a replacement for a node, or undefined to descend. */
export function mapExpression(expression: PlanExpression, replace: (expression: PlanExpression) => PlanExpression | undefined): PlanExpression {
    const replaced = replace(expression);
    if (replaced) return replaced;
    const map = (child: PlanExpression): PlanExpression => mapExpression(child, replace);
    switch (expression.kind) {
        case 'member': return { ...expression, receiver: map(expression.receiver) };
        case 'unary': return { ...expression, operand: map(expression.operand) };
        case 'binary': return { ...expression, left: map(expression.left), right: map(expression.right) };
        case 'range': return { ...expression, value: map(expression.value), low: map(expression.low), high: map(expression.high) };
        case 'call': return { ...expression, arguments: expression.arguments.map(map) };
        case 'list': return { ...expression, elements: expression.elements.map(map) };
        case 'record': return { ...expression, fields: Object.fromEntries(Object.entries(expression.fields).map(([name, field]) => [name, map(field)])) };
        default: return expression;
    }
}

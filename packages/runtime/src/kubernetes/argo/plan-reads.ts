import type { PlanExpression, PlanNode } from '../../contract/plan.js';

/** What an expression reads, following a node's `input` leaves into its arguments. */
export interface Reads {
    readonly parameters: Set<string>;
    readonly outputs: Set<string>;
    /** Leaves only a pod can know: loop variables, `failure`, dimensions. */
    readonly runtimeOnly: Set<string>;
}

export function readsOf(expressions: readonly (PlanExpression | undefined)[], node?: PlanNode): Reads {
    const reads: Reads = { parameters: new Set(), outputs: new Set(), runtimeOnly: new Set() };
    const visit = (expression: PlanExpression | undefined, seen: ReadonlySet<string>): void => {
        if (expression === undefined) return;
        switch (expression.kind) {
            case 'parameter': reads.parameters.add(expression.name); return;
            case 'output': reads.outputs.add(expression.node); return;
            case 'input': {
                if (seen.has(expression.name)) return;
                const argument = node?.arguments[expression.name];
                if (argument === undefined) reads.runtimeOnly.add(`the input ${expression.name}`);
                else visit(argument, new Set([...seen, expression.name]));
                return;
            }
            case 'variable': reads.runtimeOnly.add(`the loop variable ${expression.name}`); return;
            case 'dimension': reads.runtimeOnly.add(`the dimension ${expression.name}`); return;
            case 'failure': reads.runtimeOnly.add('`failure`'); return;
            case 'literal': case 'quantity': case 'artifact': return;
            case 'member': visit(expression.receiver, seen); return;
            case 'unary': visit(expression.operand, seen); return;
            case 'binary': visit(expression.left, seen); visit(expression.right, seen); return;
            case 'range': visit(expression.value, seen); visit(expression.low, seen); visit(expression.high, seen); return;
            case 'call': expression.arguments.forEach(argument => visit(argument, seen)); return;
            case 'list': expression.elements.forEach(element => visit(element, seen)); return;
            case 'record': Object.values(expression.fields).forEach(field => visit(field, seen)); return;
        }
    };
    expressions.forEach(expression => visit(expression, new Set()));
    return reads;
}

/** Every expression of a node's settings. */
export function settingExpressions(node: PlanNode): PlanExpression[] {
    const { image, resources, timeout, retry } = node.settings;
    return [image, resources?.cpu, resources?.memory, resources?.gpu, timeout, retry?.attempts, retry?.backoff, retry?.factor]
        .filter((expression): expression is PlanExpression => expression !== undefined);
}

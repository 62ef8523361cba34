/**
 * `when` conditions as Argo expressions (`{{=…}}`, evaluated by Argo's expr engine before a
 * task starts). Argo sees only strings: workflow parameters, and the output parameters an
 * upstream pod publishes. So a condition may read pipeline parameters of plain kinds and
 * members of upstream outputs (`e.metrics.accuracy`), which the upstream pod's binder
 * publishes; anything else is refused rather than guessed.
 */
import { WeftError } from '@weft/contract/errors';
import type { PlanExpression } from '../../contract/plan.js';
import type { ParameterKind } from './parameter-kinds.js';

/** An upstream value a pod publishes for Argo: the node, and the path under its outputs record. */
export interface PublishedValue {
    readonly node: string;
    /** `['metrics', 'accuracy']` for `e.metrics.accuracy`. */
    readonly path: readonly string[];
}

export interface ConditionContext {
    /** The kinds of the parameters Argo carries (others are not visible to Argo). */
    readonly parameterKinds: ReadonlyMap<string, ParameterKind>;
    /** Whether a node is a fan-out (its value is a list Argo cannot read). */
    readonly isFanOut: (node: string) => boolean;
    /** Registers a published value and returns the expr that reads it. */
    readonly publish: (value: PublishedValue) => string;
}

/** Why a condition cannot be given to Argo. */
export class UntranslatableConditionError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'argo-condition';

    constructor(message: string) {
        super(message);
        this.name = 'UntranslatableConditionError';
    }
}

type Want = 'number' | 'boolean' | 'string' | 'any';

/** The Argo output parameter name of a published path: `metrics-accuracy`. */
export function publishedName(path: readonly string[]): string {
    return path.join('-');
}

/** The conditions of a node as one Argo `when`: each `when` holds (or, in an `else`, does not). */
export function argoWhen(conditions: readonly { readonly when: PlanExpression; readonly is: boolean }[], context: ConditionContext): string | undefined {
    if (conditions.length === 0) return undefined;
    const parts = conditions.map(condition => {
        const text = translate(condition.when, 'boolean', context);
        return condition.is ? text : `!(${text})`;
    });
    return `{{=${parts.length === 1 ? parts[0] : parts.map(part => `(${part})`).join(' && ')}}}`;
}

function translate(expression: PlanExpression, want: Want, context: ConditionContext): string {
    switch (expression.kind) {
        case 'literal':
            return literal(expression.value);
        case 'quantity':
            return String(expression.value);
        case 'parameter': {
            const kind = context.parameterKinds.get(expression.name);
            if (kind === undefined || kind === 'json' || kind === 'handle') {
                throw new UntranslatableConditionError(`the parameter ${expression.name} is not a number, boolean or string Argo can compare`);
            }
            return typed(`workflow.parameters[${literal(expression.name)}]`, want === 'any' ? kind : want);
        }
        case 'output':
        case 'member': {
            const value = publishedPath(expression, context);
            return typed(context.publish(value), want);
        }
        case 'unary':
            return expression.operator === '!'
                ? `!(${translate(expression.operand, 'boolean', context)})`
                : `-(${translate(expression.operand, 'number', context)})`;
        case 'binary':
            return binary(expression, context);
        case 'range': {
            const value = translate(expression.value, 'number', context);
            return `(${value} >= ${translate(expression.low, 'number', context)} && ${value} <= ${translate(expression.high, 'number', context)})`;
        }
        case 'call': {
            if (expression.function === 'len') throw new UntranslatableConditionError('len() reads a whole list, which Argo cannot see');
            const [left, right] = expression.arguments.map(argument => translate(argument, 'number', context));
            return `(${left} ${expression.function === 'min' ? '<' : '>'} ${right} ? ${left} : ${right})`;
        }
        case 'input':
        case 'artifact':
        case 'variable':
        case 'dimension':
        case 'failure':
        case 'list':
        case 'record':
            throw new UntranslatableConditionError(`a condition over ${describe(expression)} cannot be evaluated by Argo`);
    }
}

function binary(expression: PlanExpression & { kind: 'binary' }, context: ConditionContext): string {
    const { operator, left, right } = expression;
    const both = (want: Want): string => `(${translate(left, want, context)} ${operator} ${translate(right, want, context)})`;
    switch (operator) {
        case '&&':
        case '||':
            return both('boolean');
        case '<': case '<=': case '>': case '>=': case '-': case '*': case '/': case '%':
            return both('number');
        case '+':
            return both(isStringLiteral(left) || isStringLiteral(right) ? 'string' : 'number');
        case '==':
        case '!=':
            return both(comparedKind(left, context) ?? comparedKind(right, context) ?? 'any');
    }
}

/** What `==` compares, from a side whose kind is known: a literal or a parameter. */
function comparedKind(expression: PlanExpression, context: ConditionContext): Want | undefined {
    if (expression.kind === 'literal') return typeof expression.value as 'number' | 'boolean' | 'string';
    if (expression.kind === 'quantity') return 'number';
    if (expression.kind === 'parameter') {
        const kind = context.parameterKinds.get(expression.name);
        return kind === 'number' || kind === 'boolean' || kind === 'string' ? kind : undefined;
    }
    if (expression.kind === 'range') return 'boolean';
    if (expression.kind === 'call') return 'number';
    if (expression.kind === 'unary') return expression.operator === '!' ? 'boolean' : 'number';
    if (expression.kind === 'binary') return ['+', '-', '*', '/', '%'].includes(expression.operator) ? 'number' : 'boolean';
    return undefined;
}

/** `e.metrics.accuracy` → node `e`, path `metrics.accuracy`; only member chains over one upstream output. */
function publishedPath(expression: PlanExpression, context: ConditionContext): PublishedValue {
    const members: string[] = [];
    let current = expression;
    while (current.kind === 'member') {
        members.unshift(current.name);
        current = current.receiver;
    }
    if (current.kind !== 'output') throw new UntranslatableConditionError(`a condition over a member of ${describe(current)} cannot be evaluated by Argo`);
    if (context.isFanOut(current.node)) throw new UntranslatableConditionError(`${current.node} is a fan-out; a condition over its list of results cannot be evaluated by Argo`);
    const path = [...(current.output === undefined ? [] : [current.output]), ...members];
    if (path.length === 0) throw new UntranslatableConditionError(`a condition over the whole result of ${current.node} cannot be evaluated by Argo`);
    return { node: current.node, path };
}

/** A published or parameter value (a string to Argo) read as the kind the context wants. */
function typed(raw: string, want: Want | ParameterKind): string {
    if (want === 'number') return `asFloat(${raw})`;
    if (want === 'boolean') return `(${raw} == 'true')`;
    return raw;
}

function literal(value: string | number | boolean): string {
    if (typeof value !== 'string') return String(value);
    if (value.includes('{{') || value.includes('}}')) throw new UntranslatableConditionError(`the string ${JSON.stringify(value)} holds Argo template braces`);
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function isStringLiteral(expression: PlanExpression): boolean {
    return expression.kind === 'literal' && typeof expression.value === 'string';
}

function describe(expression: PlanExpression): string {
    switch (expression.kind) {
        case 'input': return `the input ${expression.name}`;
        case 'artifact': return `the artifact ${expression.name}`;
        case 'variable': return `the loop variable ${expression.name}`;
        case 'dimension': return `the dimension ${expression.name}`;
        case 'failure': return '`failure`';
        case 'list': return 'a list';
        case 'record': return 'a record';
        default: return `a ${expression.kind} expression`;
    }
}

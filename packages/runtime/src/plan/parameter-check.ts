import { valueMismatch, type ValueMismatch } from './value-schema.js';
import type { CompiledPlan, PlanExpression, PlanSchema, PlanTyped } from '../contract/plan.js';
import { ParameterTypeError, shortValue } from './parameter-errors.js';
import { checkableForm } from './checkable-form.js';

/**
 * Checks a pipeline parameter's value against its JSON Schema; a mismatch throws
 * {@link ParameterTypeError} naming the parameter (and the place inside it), its type and the value.
 */
export function checkParameter(plan: CompiledPlan, parameter: PlanTyped, value: unknown, origin: 'given' | 'default'): void {
    // A hand-written plan may leave a schema out: like `{}`, it accepts anything.
    if ((parameter.schema as PlanSchema | undefined) === undefined) return;
    const mismatch = valueMismatch(parameter.schema, checkableForm(value));
    if (mismatch === undefined) return;
    const detail = mismatchDetail(parameter, value, mismatch);
    throw new ParameterTypeError(plan.pipeline, plan.source, parameter.name, origin === 'default' ? `${detail} (the value of its default)` : detail);
}

/** `n is an int, and "seven" is not one`; `cfg.rate is a float, and "x" (a string) is not one`; `cfg.rate is missing (cfg is a Config)`. */
function mismatchDetail(parameter: PlanTyped, value: unknown, mismatch: ValueMismatch): string {
    const { name } = parameter;
    if (mismatch.at === '') return `${name} is ${typePhrase(parameter)}, and ${shortValue(checkableForm(value))} is not one`;
    if (mismatch.found.startsWith('nothing')) return `${name}${mismatch.at} is missing (${name} is ${typePhrase(parameter)})`;
    return `${name}${mismatch.at} is ${mismatch.expected}, and ${mismatch.found} is not one`;
}

/**
 * A type as a phrase for messages, from its text as written and its schema: `an int`,
 * `a duration (30s, 5m, 2h or milliseconds)`, `a list of float`, `one of "fast", "slow"`,
 * `a Mode (one of "fast", "slow")`, `an int or null`.
 */
export function typePhrase(typed: Pick<PlanTyped, 'type' | 'schema'>): string {
    const schema = (typed.schema as PlanSchema | undefined) ?? {};
    return phrase(typed.type.trim(), resolvedSchema(schema, schema));
}

function phrase(text: string, schema: PlanSchema): string {
    if (text.endsWith('?')) {
        const branches = Array.isArray(schema['anyOf']) ? schema['anyOf'] as PlanSchema[] : [];
        const inner = branches.find(branch => branch['type'] !== 'null') ?? {};
        return `${phrase(text.slice(0, -1).trim(), inner)} or null`;
    }
    const members = Array.isArray(schema['enum']) ? `one of ${(schema['enum'] as unknown[]).map(member => JSON.stringify(member)).join(', ')}` : undefined;
    if (/^[A-Za-z_][A-Za-z0-9_]*(<.*>)?$/.test(text)) {
        const unit = schema['x-weft-unit'];
        const hint = unit === 'duration' ? ' (30s, 5m, 2h or milliseconds)' : unit === 'memory' ? ' (512Mi, 8Gi or bytes)' : members === undefined ? '' : ` (${members})`;
        return `${/^[AEIOUaeiou]/.test(text) ? 'an' : 'a'} ${text}${hint}`;
    }
    if (text.endsWith('[]')) return `a list of ${text.slice(0, -2).trim()}`;
    if (text.startsWith('{')) return `a record ${text}`;
    if (members !== undefined) return members;
    if ('const' in schema) return JSON.stringify(schema['const']);
    return `of type ${text}`;
}

/** `schema` with a top-level `$ref` into `root`'s `$defs` followed (aliases). */
function resolvedSchema(root: PlanSchema, schema: PlanSchema): PlanSchema {
    let current = schema;
    for (let depth = 0; depth < 32; depth++) {
        const ref = current['$ref'];
        if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return current;
        const key = ref.slice('#/$defs/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
        const next = (root['$defs'] as Record<string, PlanSchema> | undefined)?.[key];
        if (next === undefined) return current;
        current = next;
    }
    return current;
}

/** The names of the parameters an expression reads, in order of first reading. */
export function parametersRead(expression: PlanExpression, into: Set<string> = new Set()): Set<string> {
    const visit = (node: unknown): void => {
        if (Array.isArray(node)) { node.forEach(visit); return; }
        if (typeof node !== 'object' || node === null) return;
        const record = node as Record<string, unknown>;
        if (record['kind'] === 'parameter' && typeof record['name'] === 'string') into.add(record['name']);
        for (const value of Object.values(record)) visit(value);
    };
    visit(expression);
    return into;
}

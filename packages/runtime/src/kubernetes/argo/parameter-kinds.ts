import type { PlanParameter } from '../../contract/plan.js';

/**
 * How a pipeline parameter travels as an Argo parameter (Argo parameters are strings):
 * numbers and booleans as their text, strings as they are, lists and records as JSON.
 * `handle` (datasets, models, files, tensors) does not travel: the pod binds it from its default.
 */
export type ParameterKind = 'number' | 'boolean' | 'string' | 'json' | 'handle';

/**
 * The kind of a parameter from its declared type; an alias (`Channel`) is known only by its
 * name in a plan, so its kind comes from the value at hand (given or default), else `string`.
 */
export function parameterKind(parameter: PlanParameter, value: unknown): ParameterKind {
    const type = parameter.type.trim();
    if (type === 'int' || type === 'float' || type === 'duration' || type === 'memory') return 'number';
    if (type === 'bool') return 'boolean';
    if (type === 'string') return 'string';
    if (/^(Dataset|Model|Tensor)\s*</.test(type) || type === 'File' || type === 'Artifact') return 'handle';
    if (type.endsWith('[]') || type.startsWith('{') || type.startsWith('Map') || type === 'Metrics') return 'json';
    if (/^"/.test(type)) return 'string';
    if (/^-?\d/.test(type)) return 'number';
    if (value === undefined) return 'string';
    if (typeof value === 'number') return 'number';
    if (typeof value === 'boolean') return 'boolean';
    if (typeof value === 'string') return 'string';
    return 'json';
}

/** A value as the text of an Argo parameter. */
export function parameterText(value: unknown, kind: ParameterKind): string {
    return kind === 'string' && typeof value === 'string' ? value : JSON.stringify(value);
}

/** The value an Argo parameter's text stands for; throws on text that does not fit the kind. */
export function parseParameterText(name: string, text: string, kind: ParameterKind): unknown {
    switch (kind) {
        case 'string':
            return text;
        case 'number': {
            const value = Number(text);
            if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`the parameter ${name} must be a number, found ${JSON.stringify(text)}`);
            return value;
        }
        case 'boolean':
            if (text !== 'true' && text !== 'false') throw new Error(`the parameter ${name} must be true or false, found ${JSON.stringify(text)}`);
            return text === 'true';
        case 'json':
            try {
                return JSON.parse(text);
            } catch {
                throw new Error(`the parameter ${name} must be JSON, found ${JSON.stringify(text)}`);
            }
        case 'handle':
            throw new Error(`the parameter ${name} is a dataset, model or file and cannot be passed as text`);
    }
}

import type { PlanOutput } from '../contract/plan.js';
import { OutputMismatchError } from '../execution/failure.js';
import { Dataset } from '../handles/dataset.js';
import { File } from '../handles/file.js';
import { Model } from '../handles/model.js';
import { Tensor } from '../handles/tensor.js';
import { parseWeftType, typeKey, type WeftType } from './weft-type.js';

/**
 * Checks a step's outputs against its declared output types; the first mismatch is returned
 * as an `OutputMismatchError` naming the field (`metrics.accuracy`, `rows[2]`, …). Alias names
 * resolve through each output's `types` definitions; a name without one is not checked.
 */
export function checkOutputs(task: string, declared: readonly PlanOutput[], outputs: Readonly<Record<string, unknown>>): OutputMismatchError | undefined {
    for (const output of declared) {
        const problem = mismatch(parseWeftType(output.type), outputs[output.name], output.name, new Definitions(output.types), new Set());
        if (problem) return new OutputMismatchError(task, problem.field, `${problem.detail} (declared as ${output.type})`);
    }
    return undefined;
}

/**
 * The first output the step returned but does not declare, as an error naming it: an
 * undeclared value would be stored in the run store with nothing to check it against.
 */
export function undeclaredOutput(task: string, declared: readonly PlanOutput[], outputs: Readonly<Record<string, unknown>>): OutputMismatchError | undefined {
    const names = new Set(declared.map(output => output.name));
    const extra = Object.keys(outputs).find(name => !names.has(name));
    return extra === undefined ? undefined : new OutputMismatchError(task, extra, `is not an output the step declares (it declares ${declared.length === 0 ? 'none' : declared.map(output => output.name).join(', ')})`);
}

interface Mismatch { readonly field: string; readonly detail: string }

/** An output's alias definitions, parsed once each. */
class Definitions {
    private readonly texts = new Map<string, string>();
    private readonly parsed = new Map<string, WeftType>();

    constructor(types: Readonly<Record<string, string>> | undefined) {
        for (const [name, text] of Object.entries(types ?? {})) this.texts.set(typeKey(name), text);
    }

    resolve(name: string): WeftType | undefined {
        let type = this.parsed.get(name);
        if (type === undefined) {
            const text = this.texts.get(name);
            if (text === undefined) return undefined;
            type = parseWeftType(text);
            this.parsed.set(name, type);
        }
        return type;
    }
}

/**
 * `expanding` holds the names resolved since the checker last stepped into a part of the value:
 * meeting one again means an alias defined through itself alone (`A = B`, `B = A | int`), which
 * says nothing about the value, so it is accepted rather than expanded forever. A name met again
 * below a list, map or record is expanded anew: the value is finite, so that recursion ends.
 */
function mismatch(type: WeftType, value: unknown, field: string, definitions: Definitions, expanding: ReadonlySet<string>): Mismatch | undefined {
    const wrong = (expected: string): Mismatch => ({ field, detail: `is ${describe(value)}, expected ${expected}` });
    const inner = (innerType: WeftType, innerValue: unknown, innerField: string) => mismatch(innerType, innerValue, innerField, definitions, new Set());
    switch (type.kind) {
        case 'named': {
            if (expanding.has(type.name)) return undefined;
            const definition = definitions.resolve(type.name);
            if (definition === undefined) return undefined;
            const problem = mismatch(definition, value, field, definitions, new Set([...expanding, type.name]));
            // Name the innermost alias the value broke (`x.label … (as Label)`).
            return problem && problem.field === field && !problem.detail.includes(' (as ') ? { field, detail: `${problem.detail} (as ${type.name})` } : problem;
        }
        case 'optional': return value === undefined || value === null ? undefined : mismatch(type.inner, value, field, definitions, expanding);
        case 'literal': return value === type.value ? undefined : wrong(JSON.stringify(type.value));
        case 'union': return type.members.some(member => !mismatch(member, value, field, definitions, expanding)) ? undefined : wrong('one of the union\'s members');
        case 'primitive': return primitiveMismatch(type.name, value) ? wrong(type.name) : undefined;
        case 'handle': return handleMatches(type.name, value) ? undefined : wrong(`a ${type.name} handle`);
        case 'list': {
            if (!Array.isArray(value)) return wrong('a list');
            for (const [index, element] of value.entries()) {
                const problem = inner(type.element, element, `${field}[${index}]`);
                if (problem) return problem;
            }
            return undefined;
        }
        case 'map': {
            if (!isPlainObject(value) && !(value instanceof Map)) return wrong('a map');
            const entries = value instanceof Map ? [...value] : Object.entries(value);
            for (const [key, entry] of entries) {
                const problem = inner(type.value, entry, `${field}.${String(key)}`);
                if (problem) return problem;
            }
            return undefined;
        }
        case 'record': {
            if (!isPlainObject(value)) return wrong('a record');
            for (const member of type.fields) {
                const entry = value[member.name];
                if (entry === undefined) {
                    if (member.optional) continue;
                    return { field: `${field}.${member.name}`, detail: 'is missing' };
                }
                const problem = inner(member.type, entry, `${field}.${member.name}`);
                if (problem) return problem;
            }
            return undefined;
        }
    }
}

function primitiveMismatch(name: string, value: unknown): boolean {
    switch (name) {
        case 'string': return typeof value !== 'string';
        case 'bool': return typeof value !== 'boolean';
        case 'bytes': return !(value instanceof Uint8Array);
        case 'int': return !Number.isInteger(value);
        // duration and memory travel as numbers (milliseconds, bytes).
        default: return typeof value !== 'number' || !Number.isFinite(value);
    }
}

function handleMatches(name: string, value: unknown): boolean {
    switch (name) {
        case 'Dataset': return value instanceof Dataset;
        case 'Model': return value instanceof Model;
        case 'Tensor': return value instanceof Tensor;
        case 'File': return value instanceof File;
        default: return value instanceof Dataset || value instanceof Model || value instanceof Tensor || value instanceof File;
    }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function describe(value: unknown): string {
    if (value === undefined) return 'missing';
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'object') return (value as object).constructor?.name === 'Object' ? 'a record' : `a ${(value as object).constructor?.name ?? 'object'}`;
    return `${typeof value} ${JSON.stringify(value)}`;
}

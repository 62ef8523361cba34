import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { PlanSchema } from '../contract/plan.js';

/**
 * Checks values against the JSON Schemas the plan carries for every Weft type (docs/plan.md,
 * "Types"). Values are checked in the form the run store keeps them (`encodeValue`: handles
 * tagged by `$weft`). The `x-weft-…` keywords are annotations for checks a schema cannot make
 * alone (the records of a dataset, tensor dimensions shared between values); ajv ignores them.
 */

/** The first way a value breaks its schema: where (`metrics.accuracy`, `rows[2]`), what was expected, what was found. */
export interface ValueMismatch {
    /** The place in the value, written as in code: `` (the value itself), `.label`, `[3].tokens`. */
    readonly at: string;
    readonly expected: string;
    readonly found: string;
}

const annotations = ['x-weft-records', 'x-weft-model', 'x-weft-shape', 'x-weft-unit', 'x-weft-type'];

const ajv = new Ajv2020({ strict: true, allErrors: false, allowUnionTypes: true, validateFormats: false });
for (const keyword of annotations) ajv.addKeyword({ keyword });

// Plans are immutable, so a compiled validator is kept per schema object; and per schema text,
// since a plan repeats the same small schemas (`{"type":"integer"}`) on many nodes and compiling costs ~1 ms.
const compiled = new WeakMap<PlanSchema, ValidateFunction>();
const compiledNested = new WeakMap<PlanSchema, ValidateFunction>();
const compiledByText = new Map<string, ValidateFunction>();

/** The compiled validator of a schema (compiled once per schema object and text). */
export function validatorOf(schema: PlanSchema): ValidateFunction {
    let validate = compiled.get(schema);
    if (validate === undefined) {
        validate = compileText(schema);
        compiled.set(schema, validate);
    }
    return validate;
}

const texts = new WeakMap<object, string>();

/** A schema's JSON text, made once per schema object (the validator cache and the schema walk both key on it). */
export function schemaTextOf(schema: object): string {
    let text = texts.get(schema);
    if (text === undefined) {
        text = JSON.stringify(schema);
        texts.set(schema, text);
    }
    return text;
}

function compileText(schema: object): ValidateFunction {
    const text = schemaTextOf(schema);
    let validate = compiledByText.get(text);
    if (validate === undefined) {
        validate = ajv.compile(schema);
        compiledByText.set(text, validate);
    }
    return validate;
}

/** `undefined` when `value` (in store form) fits `schema`; else the first mismatch. */
export function valueMismatch(schema: PlanSchema, value: unknown): ValueMismatch | undefined {
    return mismatchOf(validatorOf(schema), value);
}

/** `undefined` when `validate` accepts `value`; else its first mismatch (for validators kept by callers, such as a dataset's records). */
export function mismatchOf(validate: ValidateFunction, value: unknown): ValueMismatch | undefined {
    if (validate(value)) return undefined;
    return describeError(validate.errors?.[0], value);
}

/**
 * The validator of a schema nested in `root` (the records of a dataset): `$ref`s in it point into
 * the root's `$defs`, so it is compiled with them. Compiled once per nested schema object.
 */
export function nestedValidatorOf(root: PlanSchema, nested: PlanSchema): ValidateFunction {
    let validate = compiledNested.get(nested);
    if (validate === undefined) {
        const defs = root['$defs'];
        validate = compileText((defs === undefined ? nested : { ...nested, $defs: { ...(defs as object), ...(nested['$defs'] as object | undefined) } }) as object);
        compiledNested.set(nested, validate);
    }
    return validate;
}

function describeError(error: ErrorObject | undefined, value: unknown): ValueMismatch {
    if (error === undefined) return { at: '', expected: 'a value of the declared type', found: describeValue(value) };
    const at = placeOf(error.instancePath);
    const found = describeValue(valueAt(value, error.instancePath));
    switch (error.keyword) {
        case 'required': {
            const missing = String((error.params as { missingProperty: string }).missingProperty);
            return { at: `${at}${propertyAccess(missing)}`, expected: 'a value', found: 'nothing (the field is missing)' };
        }
        case 'type': return { at, expected: articled(String((error.params as { type: string | string[] }).type)), found };
        case 'const': return { at, expected: JSON.stringify((error.params as { allowedValue: unknown }).allowedValue), found };
        case 'minItems': return { at, expected: `at least ${(error.params as { limit: number }).limit} elements`, found };
        case 'maxItems':
        case 'items': return { at, expected: `at most ${(error.params as { limit: number }).limit} elements`, found };
        case 'minimum': return { at, expected: `at least ${(error.params as { limit: number }).limit}`, found };
        case 'enum': return { at, expected: `one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map(each => JSON.stringify(each)).join(', ')}`, found };
        default: return { at, expected: error.message ?? error.keyword, found };
    }
}

/** `/rows/2/label` as `.rows[2].label`. */
function placeOf(pointer: string): string {
    return pointerSegments(pointer).map(segment => (/^\d+$/.test(segment) ? `[${segment}]` : propertyAccess(segment))).join('');
}

function propertyAccess(name: string): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function pointerSegments(pointer: string): string[] {
    return pointer === '' ? [] : pointer.slice(1).split('/').map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(value: unknown, pointer: string): unknown {
    let current = value;
    for (const segment of pointerSegments(pointer)) {
        if (typeof current !== 'object' || current === null) return undefined;
        current = (current as Record<string, unknown>)[segment];
    }
    return current;
}

function articled(type: string): string {
    const names: Record<string, string> = { integer: 'an int', number: 'a float', string: 'a string', boolean: 'a bool', object: 'a record', array: 'a list', null: 'null' };
    return type.split(',').map(each => names[each] ?? each).join(' or ');
}

/** A short description of a value for messages: `"seven" (a string)`, `2.5`, `a list of 3`. */
export function describeValue(value: unknown): string {
    if (value === undefined) return 'nothing';
    if (value === null) return 'null';
    if (typeof value === 'string') return `${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)} (a string)`;
    if (typeof value === 'number') return Number.isInteger(value) ? `${value} (an int)` : `${value} (a float)`;
    if (typeof value === 'boolean') return `${value} (a bool)`;
    if (Array.isArray(value)) return `a list of ${value.length}`;
    const tag = (value as { $weft?: unknown }).$weft;
    if (typeof tag === 'string') return `a ${tag} handle`;
    return 'a record';
}

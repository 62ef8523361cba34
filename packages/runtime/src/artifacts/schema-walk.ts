import type { PlanSchema } from '../contract/plan.js';
import { schemaTextOf } from '../plan/value-schema.js';

/** A place in a value whose schema carries an annotation the runtime checks itself. */
export interface AnnotatedPlace {
    /** The schema at that place, with `x-weft-records` or `x-weft-shape`. */
    readonly schema: PlanSchema;
    /** The value there, in checkable form. */
    readonly value: unknown;
    /** Where it is, written as in code: `` (the value itself), `.train`, `[2]`. */
    readonly at: string;
}

/**
 * Every place in `value` (checkable form, already valid against `root`) whose schema carries
 * `x-weft-records` (a dataset) or `x-weft-shape` (a tensor), following the schema into records,
 * lists, maps and local `$ref`s. A union is followed only when it is `T?` (one member besides
 * `null`): which member a value of another union matched is not known, so its datasets and
 * tensors are checked by the value's schema alone.
 */
export function annotatedPlaces(root: PlanSchema, value: unknown): AnnotatedPlace[] {
    if (!hasAnnotations(root)) return [];
    const places: AnnotatedPlace[] = [];
    const visit = (schema: PlanSchema | undefined, current: unknown, at: string, seen: ReadonlySet<PlanSchema>): void => {
        if (schema === undefined || typeof schema !== 'object' || current === undefined || current === null) return;
        const ref = schema['$ref'];
        if (typeof ref === 'string') {
            const target = resolveRef(root, ref);
            // A `$ref` met again without stepping into the value would recurse forever (`A = B`, `B = A`).
            if (target && !seen.has(target)) visit(target, current, at, new Set([...seen, target]));
        }
        if (schema['x-weft-records'] !== undefined || schema['x-weft-shape'] !== undefined) places.push({ schema, value: current, at });
        const anyOf = schema['anyOf'];
        if (Array.isArray(anyOf)) {
            const members = (anyOf as PlanSchema[]).filter(member => member['type'] !== 'null');
            if (members.length === 1) visit(members[0], current, at, seen);
        }
        if (Array.isArray(current)) {
            const prefix = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] as PlanSchema[] : [];
            const items = isSchema(schema['items']) ? schema['items'] : undefined;
            current.forEach((element, index) => visit(prefix[index] ?? items, element, `${at}[${index}]`, new Set()));
            return;
        }
        if (typeof current !== 'object') return;
        const record = current as Record<string, unknown>;
        const properties = isSchema(schema['properties']) ? schema['properties'] as Readonly<Record<string, PlanSchema>> : {};
        const additional = isSchema(schema['additionalProperties']) ? schema['additionalProperties'] : undefined;
        for (const [key, entry] of Object.entries(record)) {
            if (key === '$weft') continue;
            const entrySchema = Object.hasOwn(properties, key) ? properties[key] : additional;
            if (entrySchema !== undefined) visit(entrySchema, entry, `${at}${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`, new Set());
        }
    };
    visit(root, value, '', new Set());
    return places;
}

const annotated = new WeakMap<PlanSchema, boolean>();

/** Whether a schema has a dataset or tensor anywhere (most have neither: their values need no walk). */
function hasAnnotations(root: PlanSchema): boolean {
    let found = annotated.get(root);
    if (found === undefined) {
        const text = schemaTextOf(root);
        found = text.includes('"x-weft-records"') || text.includes('"x-weft-shape"');
        annotated.set(root, found);
    }
    return found;
}

function isSchema(value: unknown): value is PlanSchema {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `#/$defs/Embedding<64>` (JSON-pointer escaped) in the root schema. */
function resolveRef(root: PlanSchema, ref: string): PlanSchema | undefined {
    if (!ref.startsWith('#')) return undefined;
    let current: unknown = root;
    for (const segment of ref.slice(1).split('/').slice(1)) {
        const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
        if (!isSchema(current)) return undefined;
        current = (current as Record<string, unknown>)[key];
    }
    return isSchema(current) ? current : undefined;
}

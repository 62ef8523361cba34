import type { PlanSchema, PlanValue } from '@weft/contract';
import type { NamedElement } from '../generated/ast.js';
import type { Dimension } from '../typing/dimensions.js';
import type { RecordType, TensorType, Type, UnknownType } from '../typing/model.js';

/**
 * The JSON Schema (draft 2020-12) of the values of a Weft type, in the form the run store keeps
 * them (handles tagged by `$weft`). docs/plan.md, "Types", is the mapping; the runtime checks
 * values with it. Every alias the type uses becomes an entry of the root's `$defs`, keyed by its
 * name as printed (`Label`, `Embedding<64>`) and referred to by `$ref`, so a recursive alias is a
 * recursive reference and the schema stays finite.
 */
export function jsonSchemaOf(type: Type, definitionOf: DefinitionLookup = () => undefined): PlanSchema {
    const writer = new SchemaWriter(definitionOf);
    const root = writer.schemaOf(type);
    const definitions = writer.definitions();
    return definitions === undefined ? root : { ...root, $defs: definitions };
}

/**
 * The type a `type` declaration defines (the type computer's). An alias reached again through
 * another one it is defined with (`type A = { b: B? }`, `type B = { a: A[] }`) is typed as a
 * reference by name inside the definition typed first; this finds its structure.
 */
export type DefinitionLookup = (declaration: NamedElement) => Type | undefined;

/** Aliases built into the language: described in place, as docs/plan.md lists them, not as `$defs`. */
const builtinAliases = new Set(['Metrics', 'Failure']);

/** What any artifact handle's `$weft` tag may be (`Artifact`). */
const artifactKinds = ['dataset', 'model', 'file', 'tensor'];

const dimensionSchema: PlanSchema = { type: 'integer', minimum: 0 };

class SchemaWriter {
    /** `$defs` entries by key, in the order they were first met. */
    private readonly entries = new Map<string, { readonly type: Type; schema?: PlanSchema }>();
    /** The keys of the aliases being described, by alias name: a use inside refers back to them. */
    private readonly expanding = new Map<string, string>();

    constructor(private readonly definitionOf: DefinitionLookup) {}

    schemaOf(type: Type): PlanSchema {
        const alias = type.alias;
        if (type.kind === 'unknown') return this.unknownSchema(type);
        if (alias === undefined || builtinAliases.has(alias)) return this.structureOf(type);
        return reference(this.define(alias, type));
    }

    /**
     * A recursive alias's use inside its own definition refers back to it (or, met outside it,
     * is described by its definition); any other unknown type (left by an error the checker
     * reported) cannot be described: any value.
     */
    private unknownSchema(type: UnknownType): PlanSchema {
        if (type.alias === undefined) return {};
        const key = this.expanding.get(type.alias);
        if (key !== undefined) return reference(key);
        const definition = type.declaration === undefined ? undefined : this.definitionOf(type.declaration);
        return definition === undefined || definition.kind === 'unknown' || definition.alias !== type.alias ? {} : this.schemaOf(definition);
    }

    /** The `$defs` entries, sorted by key; `undefined` when there are none. */
    definitions(): Record<string, PlanSchema> | undefined {
        if (this.entries.size === 0) return undefined;
        const keys = [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return Object.fromEntries(keys.map(key => [key, this.entries.get(key)!.schema ?? {}]));
    }

    /** The key of the `$defs` entry of an alias, written on first use. */
    private define(alias: string, type: Type): string {
        const key = this.keyOf(alias, type);
        const entry = this.entries.get(key);
        if (entry !== undefined) return key;
        const created: { readonly type: Type; schema?: PlanSchema } = { type };
        this.entries.set(key, created);
        const outer = this.expanding.get(alias);
        this.expanding.set(alias, key);
        created.schema = { title: alias, ...this.structureOf(type) };
        if (outer === undefined) this.expanding.delete(alias);
        else this.expanding.set(alias, outer);
        return key;
    }

    /**
     * The name as printed, unless another type already has that key: two modules may each define
     * a `Label` (a called pipeline's plan is inlined into its caller's); the second one gets a
     * numbered key, `Label (2)`, with the same title.
     */
    private keyOf(alias: string, type: Type): string {
        for (let index = 1; ; index++) {
            const key = index === 1 ? alias : `${alias} (${index})`;
            const entry = this.entries.get(key);
            if (entry === undefined || entry.type.equals(type)) return key;
        }
    }

    /** The type's own structure, its alias (if any) aside. */
    private structureOf(type: Type): PlanSchema {
        switch (type.kind) {
            case 'primitive': return primitiveSchemas[type.name];
            case 'literal': return { const: type.value };
            case 'union': return type.members.every(member => member.kind === 'literal' && member.alias === undefined)
                ? { enum: type.members.map(member => (member.kind === 'literal' ? member.value : null)) }
                : { anyOf: type.members.map(member => this.schemaOf(member)) };
            case 'optional': return { anyOf: [this.schemaOf(type.element), { type: 'null' }] };
            case 'list': return { type: 'array', items: this.schemaOf(type.element) };
            case 'record': return this.recordSchema(type);
            // A JS Map is made a plain object before it is checked.
            case 'map': return { type: 'object', additionalProperties: this.schemaOf(type.value) };
            case 'dataset': return { ...handleSchema('dataset'), 'x-weft-records': this.schemaOf(type.element) };
            case 'model': return { ...handleSchema('model'), 'x-weft-model': { input: this.schemaOf(type.input), output: this.schemaOf(type.output) } };
            case 'tensor': return tensorSchema(type);
            case 'opaque': return type.name === 'File'
                ? handleSchema('file')
                : { type: 'object', required: ['$weft'], properties: { $weft: { enum: artifactKinds } } };
            // A tensor's element type is described by its tensor; a target or a type parameter
            // left unsubstituted has no values a plan carries: any value.
            case 'element':
            case 'target':
            case 'type-parameter':
            case 'unknown':
                return {};
        }
    }

    /** Extra fields are allowed (width subtyping); an optional field is left out of `required`. */
    private recordSchema(type: RecordType): PlanSchema {
        const properties = Object.fromEntries(type.fields.map(field => [field.name, this.schemaOf(field.type)]));
        const required = type.fields.filter(field => !field.optional).map(field => field.name);
        return { type: 'object', properties, ...(required.length === 0 ? {} : { required }) };
    }
}

const primitiveSchemas: Record<string, PlanSchema> = {
    string: { type: 'string' },
    int: { type: 'integer' },
    float: { type: 'number' },
    bool: { type: 'boolean' },
    // Quantities in base units: milliseconds, bytes, millicores.
    duration: { type: 'number', minimum: 0, 'x-weft-unit': 'duration' },
    memory: { type: 'integer', minimum: 0, 'x-weft-unit': 'memory' },
    cpu: { type: 'number', minimum: 0, 'x-weft-unit': 'cpu' },
    bytes: { type: 'object', required: ['$weft', 'base64'], properties: { $weft: { const: 'bytes' }, base64: { type: 'string' } } },
};

function handleSchema(kind: 'dataset' | 'model' | 'file'): PlanSchema {
    return { type: 'object', required: ['$weft', 'path'], properties: { $weft: { const: kind }, path: { type: 'string' } } };
}

/**
 * Element type and rank are checked by the schema, and literal dimensions; `x-weft-shape` keeps
 * every dimension (a number, a variable's name, `_`, an expression's text) so that the runtime can
 * check that a dimension variable has one value across a task's inputs and outputs.
 */
function tensorSchema(type: TensorType): PlanSchema {
    const dtype: PlanSchema = type.dtype.kind === 'element' || (type.dtype.kind === 'primitive' && type.dtype.name === 'bool')
        ? { const: type.dtype.name } : { type: 'string' };
    const dimensions = type.dimensions;
    return {
        type: 'object',
        required: ['$weft', 'dtype', 'shape'],
        properties: { $weft: { const: 'tensor' }, dtype, shape: shapeSchema(dimensions) },
        ...(dimensions === undefined ? {} : { 'x-weft-shape': dimensions.map(shapeAnnotation) }),
    };
}

/** Any shape (`_`, or a shape parameter) is a list of sizes; a known one is a tuple of its rank. */
function shapeSchema(dimensions: readonly Dimension[] | undefined): PlanSchema {
    if (dimensions === undefined) return { type: 'array', items: dimensionSchema };
    // `prefixItems` may not be empty: a rank-0 tensor's shape is the empty list.
    if (dimensions.length === 0) return { type: 'array', maxItems: 0 };
    return {
        type: 'array',
        prefixItems: dimensions.map(dimension => (dimension.kind === 'literal' ? { const: dimension.value } : dimensionSchema)),
        items: false,
        minItems: dimensions.length,
    };
}

function shapeAnnotation(dimension: Dimension): PlanValue {
    return dimension.kind === 'literal' ? dimension.value : dimension.toString();
}

/**
 * A reference to a `$defs` entry: the key as a JSON Pointer token (`~` and `/` escaped), with what
 * a URI fragment may not hold (`<`, `>`, spaces, quotes, brackets, `%`) percent-encoded.
 */
function reference(key: string): PlanSchema {
    const token = key.replace(/~/g, '~0').replace(/\//g, '~1');
    return { $ref: `#/$defs/${token.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu, character => encodeURIComponent(character))}` };
}

import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseQuantity } from '@weft/language';
import {
    artifactResolver, type CompiledPlan, Dataset, File, Model, ParameterTypeError, type PlanParameter, type PlanSchema, checkableForm, typePhrase, valueMismatch,
} from '@weft/runtime';

/** What reading a `--param` value needs besides its text: the plan (artifacts), the working directory (paths) and the plan's root. */
export interface TextContext {
    readonly plan: CompiledPlan;
    readonly cwd: string;
    readonly root: string;
}

type HandleKind = 'dataset' | 'model' | 'file' | 'artifact';

/**
 * The value `text` stands for as a value of the parameter's type, read by its JSON Schema:
 * `string` takes the text as is; numbers and bools must be written as such (`duration` and
 * `memory` also as quantities: `30s`, `512Mi`); literals and enums by their members; lists and
 * records as JSON (quantities and handles inside as strings); datasets, models and files as a
 * path to a regular file or the name of a plan artifact; `null` for an optional type. Text that
 * cannot be read as the type is returned as it is, for the schema check to refuse with the type;
 * what cannot be read at all (bad JSON, a missing file) throws {@link ParameterTypeError}.
 */
export function valueFromText(parameter: PlanParameter, text: string, context: TextContext): unknown {
    return new TextReader(parameter, context).read(text);
}

class TextReader {
    private readonly root: PlanSchema;

    constructor(private readonly parameter: PlanParameter, private readonly context: TextContext) {
        this.root = (parameter.schema as PlanSchema | undefined) ?? {};
    }

    read(text: string): unknown {
        return this.fromText(this.resolved(this.root), text);
    }

    private fromText(schema: PlanSchema, text: string): unknown {
        // A plan whose schemas say nothing (made before they were generated): read by the type's text.
        if (Object.keys(schema).length === 0) return this.untyped(text);
        const handle = handleKindOf(schema);
        if (handle === 'tensor') throw this.refuse(`${this.parameter.name} is ${typePhrase(this.parameter)}, which --param cannot give: a tensor comes from a step or a default`);
        if (handle === 'bytes') return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : text;
        if (handle !== undefined) return this.handle(handle, text, '');
        if (Array.isArray(schema['anyOf'])) return this.union(schema['anyOf'] as PlanSchema[], text);
        if ('const' in schema || Array.isArray(schema['enum'])) return literalFromText(text, 'const' in schema ? [schema['const']] : schema['enum'] as unknown[]);
        switch (schema['type']) {
            case 'string': return text;
            case 'integer':
            case 'number': return numberFromText(text, schema['x-weft-unit']);
            case 'boolean': return text === 'true' ? true : text === 'false' ? false : text;
            case 'array':
            case 'object': return this.fromJson(schema, this.json(text), '');
            default: return jsonOrText(text);
        }
    }

    /** `T?` takes `null`; another union the first member the text reads as and fits. */
    private union(branches: readonly PlanSchema[], text: string): unknown {
        const members = branches.map(branch => this.resolved(branch));
        if (text === 'null' && members.some(member => member['type'] === 'null')) return null;
        const candidates = members.filter(member => member['type'] !== 'null');
        for (const member of candidates) {
            try {
                const value = this.fromText(member, text);
                if (valueMismatch(this.root, checkableForm(value)) === undefined) return value;
            } catch (error) {
                if (!(error instanceof ParameterTypeError)) throw error;
            }
        }
        return candidates[0] === undefined ? text : this.fromText(candidates[0], text);
    }

    /** JSON values as the type wants them: quantities and handles written as strings are read. */
    private fromJson(schema: PlanSchema, json: unknown, at: string): unknown {
        const resolved = this.resolved(schema);
        if (typeof json === 'string') {
            const handle = handleKindOf(resolved);
            if (handle === 'dataset' || handle === 'model' || handle === 'file' || handle === 'artifact') return this.handle(handle, json, at);
            const unit = resolved['x-weft-unit'];
            if (unit === 'duration' || unit === 'memory') return numberFromText(json, unit);
            for (const branch of Array.isArray(resolved['anyOf']) ? resolved['anyOf'] as PlanSchema[] : []) {
                const read = this.fromJson(branch, json, at);
                if (read !== json) return read;
            }
            return json;
        }
        if (Array.isArray(json)) {
            const prefix = Array.isArray(resolved['prefixItems']) ? resolved['prefixItems'] as PlanSchema[] : [];
            const items = objectOrEmpty(resolved['items']);
            return json.map((element, index) => this.fromJson(prefix[index] ?? items, element, `${at}[${index}]`));
        }
        if (typeof json === 'object' && json !== null) {
            const properties = objectOrEmpty(resolved['properties']) as Record<string, PlanSchema>;
            const others = objectOrEmpty(resolved['additionalProperties']);
            return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, this.fromJson(Object.hasOwn(properties, key) ? properties[key]! : others, value, `${at}.${key}`)]));
        }
        return json;
    }

    /** A dataset or model of the plan by name, else a path (relative to the working directory) to a regular file. */
    private handle(kind: HandleKind, text: string, at: string): unknown {
        const { plan, cwd, root } = this.context;
        const subject = `${this.parameter.name}${at} is ${at === '' ? typePhrase(this.parameter) : `a ${kind}`}`;
        const artifact = kind === 'file' ? undefined : plan.artifacts.find(candidate => candidate.name === text);
        if (artifact) {
            if (kind !== 'artifact' && artifact.kind !== kind) throw this.refuse(`${subject}, and ${text} is a ${artifact.kind} of the plan, not a ${kind}`);
            return artifactResolver(plan, root)(text);
        }
        const file = path.resolve(cwd, text);
        const stats = statSync(file, { throwIfNoEntry: false });
        const named = kind === 'dataset' || kind === 'model' ? ` (nor a ${kind} of that name in the plan)` : '';
        if (stats === undefined) throw this.refuse(`${subject}, and there is no file ${text}${named}`);
        if (!stats.isFile()) throw this.refuse(`${subject}, and ${text} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}; give a file`);
        return kind === 'dataset' ? new Dataset(file) : kind === 'model' ? new Model(file) : new File(file);
    }

    private json(text: string): unknown {
        try {
            return JSON.parse(text) as unknown;
        } catch {
            throw this.refuse(`${this.parameter.name} is ${typePhrase(this.parameter)}, written in JSON, and ${text} is not JSON`);
        }
    }

    /** The reading of a plan without schemas: handles by the type's name, `string` as is, else JSON or text. */
    private untyped(text: string): unknown {
        const type = this.parameter.type.trim();
        if (type.startsWith('Dataset<') || type === 'Dataset') return this.handle('dataset', text, '');
        if (type.startsWith('Model<') || type === 'Model') return this.handle('model', text, '');
        if (type === 'File') return this.handle('file', text, '');
        return type === 'string' ? text : jsonOrText(text);
    }

    /** `schema` with `$ref`s into the parameter's `$defs` followed (aliases). */
    private resolved(schema: PlanSchema): PlanSchema {
        let current = schema;
        for (let depth = 0; depth < 32 && typeof current['$ref'] === 'string'; depth++) {
            const key = (current['$ref'] as string).replace(/^#\/\$defs\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
            const next = (this.root['$defs'] as Record<string, PlanSchema> | undefined)?.[key];
            if (next === undefined) return current;
            current = next;
        }
        return current;
    }

    private refuse(detail: string): ParameterTypeError {
        const { plan } = this.context;
        return new ParameterTypeError(plan.pipeline, plan.source, this.parameter.name, detail);
    }
}

/** The handle a schema describes (`$weft` fixed by `const`, or any artifact by `enum`), if any. */
function handleKindOf(schema: PlanSchema): HandleKind | 'tensor' | 'bytes' | undefined {
    const tag = (objectOrEmpty(schema['properties']) as Record<string, PlanSchema>)['$weft'];
    if (tag === undefined) return undefined;
    if (Array.isArray(tag['enum'])) return 'artifact';
    const kind = tag['const'];
    return kind === 'dataset' || kind === 'model' || kind === 'file' || kind === 'tensor' || kind === 'bytes' ? kind : undefined;
}

/** A member of a literal type: a string member as written, else the JSON value (`3`, `true`). */
function literalFromText(text: string, members: readonly unknown[]): unknown {
    if (members.includes(text)) return text;
    const json = jsonOrText(text);
    return members.some(member => member === json) ? json : text;
}

const NUMBER = /^[+-]?[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?$/;

/** A number as Weft writes it (`3`, `-1`, `3e-4`, `1_000`); with a unit also a quantity (`30s`, `512Mi`) in its base unit. */
function numberFromText(text: string, unit: unknown): unknown {
    if (NUMBER.test(text)) return Number(text.replaceAll('_', ''));
    if (unit === 'duration' || unit === 'memory') {
        const quantity = parseQuantity(text, unit);
        if (quantity?.kind === unit) return quantity.value;
    }
    return text;
}

function jsonOrText(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

function objectOrEmpty(value: unknown): PlanSchema {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as PlanSchema : {};
}

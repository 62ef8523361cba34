import { artifactKind, encodeValue } from '../store/value-codec.js';

/**
 * A value in the form the plan's JSON Schemas describe (docs/plan.md, "Types"): the run store's
 * form (handles tagged by `$weft`), except that a `Map` is a plain object (`Map<string, V>` is
 * `additionalProperties`) and bytes are `{ $weft: "bytes", base64 }`.
 */
export function schemaForm(value: unknown): unknown {
    if (artifactKind(value) !== undefined) return encodeValue(value);
    if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [String(key), schemaForm(entry)]));
    if (value instanceof Uint8Array) return { $weft: 'bytes', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    if (Array.isArray(value)) return value.map(schemaForm);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, schemaForm(entry)]));
    return value;
}

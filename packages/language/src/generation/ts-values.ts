import { tsPropertyKey, tsString } from './ts-names.js';

/**
 * A JSON value as a TypeScript literal, one property or element per line, indented by four
 * spaces. Deterministic: keys in insertion order, numbers as JavaScript prints them.
 */
export function tsValue(value: unknown, indent = ''): string {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return tsString(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
    if (typeof value === 'boolean') return String(value);
    const inner = `${indent}    `;
    if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        if (value.every(element => typeof element !== 'object' || element === null)) {
            const flat = `[${value.map(element => tsValue(element)).join(', ')}]`;
            if (flat.length <= 80) return flat;
        }
        return `[\n${value.map(element => `${inner}${tsValue(element, inner)},\n`).join('')}${indent}]`;
    }
    const entries = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, field]) => `${inner}${tsPropertyKey(key)}: ${tsValue(field, inner)},\n`).join('')}${indent}}`;
}

/** A JSON document as `JSON.stringify` with two-space indentation writes it, ending in a newline. */
export function jsonText(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}

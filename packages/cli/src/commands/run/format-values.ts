import { Dataset, encodeValue, File, Model } from '@weft/runtime';

/** A value for a terminal: a handle as its kind and path, anything else as compact JSON. */
export function showValue(value: unknown): string {
    if (value instanceof Dataset || value instanceof Model || value instanceof File) return `${value.constructor.name.toLowerCase()} ${value.path}`;
    const text = JSON.stringify(encodeValue(value));
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** `name: value` lines, indented. */
export function outputLines(outputs: Readonly<Record<string, unknown>>, indent = '  '): string {
    return Object.entries(outputs).map(([name, value]) => `${indent}${name}: ${showValue(value)}\n`).join('');
}

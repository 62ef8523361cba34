import { Dataset, encodeValue, File, Model } from '@weft/runtime';
import { visible } from '../../visible-text.js';

/** A value for a terminal: a handle as its kind and path, anything else as compact JSON; control characters escaped. */
export function showValue(value: unknown): string {
    if (value instanceof Dataset || value instanceof Model || value instanceof File) return `${value.constructor.name.toLowerCase()} ${visible(value.path)}`;
    const text = visible(JSON.stringify(encodeValue(value)));
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** `name: value` lines, indented. */
export function outputLines(outputs: Readonly<Record<string, unknown>>, indent = '  '): string {
    return Object.entries(outputs).map(([name, value]) => `${indent}${name}: ${showValue(value)}\n`).join('');
}

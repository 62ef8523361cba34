import { createHash } from 'node:crypto';
import type { TaskInputRecord } from '../store/run-store.js';

/**
 * The digest of a task's hyperparameter set: its scalar inputs (numbers, strings, booleans), by
 * name. Two tasks given the same scalars have the same digest whatever else they consumed, so
 * models can be compared by it. Undefined for a task without scalar inputs.
 */
export function hyperparameterDigest(inputs: readonly TaskInputRecord[]): string | undefined {
    const scalars = inputs
        .filter(input => input.kind === 'value' && ['number', 'string', 'boolean'].includes(typeof input.value))
        .map(input => [input.input, input.value] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (scalars.length === 0) return undefined;
    return `sha256:${createHash('sha256').update(JSON.stringify(Object.fromEntries(scalars))).digest('hex')}`;
}

/**
 * Numbers and quantities as the lexer gives them (`1_000`, `3e-4`, `16Gi`, `500m`, `2h`),
 * read into plain numbers and base units: bytes for memory, milliseconds for durations,
 * millicores for CPU. What a unit means depends on where the quantity stands (`m` is
 * minutes, except in a `cpu` entry where it is millicores); the caller says which kind it expects.
 */

import { rememberedByText } from './remembered-by-text.js';

export type QuantityUnitKind = 'memory' | 'duration' | 'cpu';

export type MemoryUnit = 'Ki' | 'Mi' | 'Gi' | 'Ti' | 'K' | 'M' | 'G' | 'T';
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';
export type QuantityUnit = MemoryUnit | DurationUnit;

const memoryFactors: Readonly<Record<MemoryUnit, number>> = {
    Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
    K: 1000, M: 1000 ** 2, G: 1000 ** 3, T: 1000 ** 4,
};

const durationFactors: Readonly<Record<DurationUnit, number>> = {
    ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000,
};

const QUANTITY = /^([0-9][0-9_]*(?:\.[0-9][0-9_]*)?)(Ki|Mi|Gi|Ti|ms|K|M|G|T|s|m|h|d)$/;

/** A number literal's value: `1_000` is 1000, `3e-4` is 0.0003. `NaN` for text that is no number. */
export const parseNumber: (text: string) => number = rememberedByText(text => {
    const plain = text.replaceAll('_', '');
    return /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(plain) ? Number(plain) : Number.NaN;
});

/** True if a number literal's text is a whole number written without a fraction or exponent. */
export function isIntegerLiteral(text: string): boolean {
    return /^[0-9][0-9_]*$/.test(text);
}

/** A quantity literal split into its number and unit. */
export interface QuantityText {
    readonly magnitude: number;
    readonly unit: QuantityUnit;
}

export const splitQuantity: (text: string) => QuantityText | undefined = rememberedByText(text => {
    const match = QUANTITY.exec(text);
    if (!match) return undefined;
    return Object.freeze({ magnitude: parseNumber(match[1]!), unit: match[2] as QuantityUnit });
});

/**
 * The kinds a unit can mean: memory units mean memory; `ms s h d` durations; `m` a duration
 * (minutes) or CPU (millicores).
 */
export function kindsOfUnit(unit: QuantityUnit): readonly QuantityUnitKind[] {
    if (unit in memoryFactors) return ['memory'];
    return unit === 'm' ? ['duration', 'cpu'] : ['duration'];
}

/**
 * What a unit means where `expected` is wanted: the expected kind if the unit can mean it,
 * otherwise the unit's own first meaning (so `m` without a `cpu` context is minutes).
 */
export function kindOfUnit(unit: QuantityUnit, expected?: QuantityUnitKind): QuantityUnitKind {
    const kinds = kindsOfUnit(unit);
    return expected !== undefined && kinds.includes(expected) ? expected : kinds[0]!;
}

/** A quantity in its base unit (bytes, milliseconds, millicores). */
export interface Quantity {
    readonly kind: QuantityUnitKind;
    readonly value: number;
}

/** Reads `16Gi`, `500m`, `2h` as the kind `expected` wants where the unit allows it. */
export function parseQuantity(text: string, expected?: QuantityUnitKind): Quantity | undefined {
    const parts = splitQuantity(text);
    if (parts === undefined) return undefined;
    const kind = kindOfUnit(parts.unit, expected);
    return { kind, value: parts.magnitude * factorOf(parts.unit, kind) };
}

function factorOf(unit: QuantityUnit, kind: QuantityUnitKind): number {
    switch (kind) {
        case 'memory': return memoryFactors[unit as MemoryUnit];
        case 'duration': return durationFactors[unit as DurationUnit];
        // Only `m` means CPU: one millicore.
        case 'cpu': return 1;
    }
}

/** How to write a value of `kind`, for messages: `5s, 5m or 5h`. */
export function suggestedSpellings(kind: QuantityUnitKind, magnitude: string): string {
    switch (kind) {
        case 'duration': return `${magnitude}s, ${magnitude}m or ${magnitude}h`;
        case 'memory': return `${magnitude}Mi, ${magnitude}Gi or ${magnitude}G`;
        case 'cpu': return `${magnitude} (cores) or ${magnitude}m (millicores)`;
    }
}

import type { QuantityLiteral } from '../../generated/ast.js';
import { parseQuantity } from '../../helpers/quantities.js';
import { expectedQuantityKind, type QuantityContextSource } from '../../typing/quantity-context.js';

const units = { memory: 'bytes', duration: 'ms', cpu: 'millicores' } as const;

/** `16Gi` → "memory: 17,179,869,184 bytes (16 GiB)"; the unit's meaning comes from where it stands. */
export function quantityHover(literal: QuantityLiteral, source: QuantityContextSource): string | undefined {
    if (typeof literal.value !== 'string') return undefined;
    const quantity = parseQuantity(literal.value, expectedQuantityKind(literal, source));
    if (quantity === undefined) return undefined;
    const value = quantity.value.toLocaleString('en-US', { maximumFractionDigits: 3 });
    return `**${literal.value}** = ${value} ${units[quantity.kind]} (${quantity.kind})`;
}

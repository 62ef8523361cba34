import type { PlanExpression, PlanSettings } from '@weft/contract';
import type { Block, Member } from '../generated/ast.js';
import { isBlockEntry, isEntry } from '../generated/ast.js';
import type { PlanExpressionConverter } from './plan-expressions.js';
import { quantityKindOfKey } from './static-values.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The nested settings blocks and the fields each may hold. */
const blockFields = {
    resources: ['cpu', 'memory', 'gpu', 'gpuMemory', 'disk'],
    retry: ['attempts', 'backoff', 'factor', 'memory', 'stepErrors'],
    sandbox: ['network', 'readOnly'],
} as const;

type BlockName = keyof typeof blockFields;

function isBlockName(key: string): key is BlockName {
    return key in blockFields;
}

/**
 * A step's settings (`image`, `resources`, `timeout`, `retry`, `cache`, `sandbox`) as plan
 * expressions, with a call's `with { … }` laid over them: an overriding entry replaces the
 * step's, and an overriding block replaces only the fields it names.
 */
export function planSettings(stepMembers: readonly Member[], overrides: Block | undefined, converter: PlanExpressionConverter): PlanSettings {
    const settings: Mutable<PlanSettings> = {};
    for (const member of [...stepMembers, ...(overrides?.members ?? [])]) {
        if (isEntry(member)) {
            if (member.key === 'image' || member.key === 'timeout' || member.key === 'cache') {
                settings[member.key] = converter.convert(member.value);
            }
        } else if (isBlockEntry(member) && member.key !== undefined) {
            if (member.key === 'cache') {
                settings.cache = blockAsRecord(member.body, converter);
            } else if (isBlockName(member.key)) {
                const fields: Record<string, PlanExpression> = { ...settings[member.key] };
                for (const entry of member.body?.members ?? []) {
                    if (isEntry(entry) && entry.key !== undefined && (blockFields[member.key] as readonly string[]).includes(entry.key)) {
                        fields[entry.key] = converter.convert(entry.value, quantityKindOfKey(entry.key));
                    }
                }
                settings[member.key] = fields;
            }
        }
    }
    return settings;
}

function blockAsRecord(block: Block | undefined, converter: PlanExpressionConverter): PlanExpression {
    const fields: Record<string, PlanExpression> = {};
    for (const member of block?.members ?? []) {
        if (isEntry(member) && member.key !== undefined) fields[member.key] = converter.convert(member.value, quantityKindOfKey(member.key));
    }
    return { kind: 'record', fields };
}

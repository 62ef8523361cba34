import type { PlanValue } from '@weft/contract';
import type { Block, Expression, Member } from '../generated/ast.js';
import { isBlockEntry, isConstDeclaration, isEntry, isTargetDeclaration } from '../generated/ast.js';
import { ConstantInlining } from '../helpers/constant-inlining.js';
import { parseNumber, parseQuantity, type QuantityUnitKind } from '../helpers/quantities.js';

/**
 * The JSON value of an expression known when generating: literals, quantities (in base units),
 * lists, records, constants and arithmetic on them. Used for the members of datasets, models and
 * targets, which need no run-time values. `null` for anything else.
 */
export function staticValue(node: Expression | undefined, quantityKind?: QuantityUnitKind, inlining = new ConstantInlining()): PlanValue {
    if (node === undefined) return null;
    switch (node.$type) {
        case 'NumberLiteral': return parseNumber(node.value ?? '');
        case 'StringLiteral': return node.value ?? '';
        case 'BooleanLiteral': return node.value === true;
        case 'QuantityLiteral': return parseQuantity(node.value ?? '', quantityKind)?.value ?? null;
        case 'ListLiteral': return node.elements.map(element => staticValue(element, quantityKind, inlining));
        case 'RecordLiteral':
            return Object.fromEntries(node.fields.map(field => [field.name ?? '', staticValue(field.value, quantityKind, inlining)]));
        case 'ParenthesizedExpression': return staticValue(node.expression, quantityKind, inlining);
        case 'UnaryExpression': {
            const operand = staticValue(node.operand, quantityKind, inlining);
            if (node.operator === '-' && typeof operand === 'number') return -operand;
            if (node.operator === '!' && typeof operand === 'boolean') return !operand;
            return null;
        }
        case 'BinaryExpression': {
            const left = staticValue(node.left, quantityKind, inlining);
            const right = staticValue(node.right, quantityKind, inlining);
            if (typeof left !== 'number' || typeof right !== 'number') return null;
            switch (node.operator) {
                case '+': return left + right;
                case '-': return left - right;
                case '*': return left * right;
                case '/': return right === 0 ? null : left / right;
                default: return null;
            }
        }
        case 'NameReference': {
            const target = node.target?.ref;
            if (isTargetDeclaration(target)) return target.name;
            if (!isConstDeclaration(target)) return null;
            return inlining.inline(target, value => staticValue(value, quantityKind, inlining)) ?? null;
        }
        default:
            return null;
    }
}

/** A block's entries as a JSON object; nested blocks become nested objects. `where` clauses are left out. */
export function staticBlock(block: Block | undefined): Record<string, PlanValue> {
    return staticMembers(block?.members ?? []);
}

export function staticMembers(members: readonly Member[]): Record<string, PlanValue> {
    const result: Record<string, PlanValue> = {};
    for (const member of members) {
        if (isEntry(member) && member.key !== undefined) result[member.key] = staticValue(member.value, quantityKindOfKey(member.key));
        else if (isBlockEntry(member) && member.key !== undefined) result[member.key] = staticBlock(member.body);
    }
    return result;
}

/** `m` means millicores under a `cpu` key, minutes elsewhere. */
export function quantityKindOfKey(key: string): QuantityUnitKind | undefined {
    return key === 'cpu' ? 'cpu' : undefined;
}


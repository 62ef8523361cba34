import type { PlanExpression } from '@weft/contract';
import type { DatasetDeclaration, Expression, LetStatement, ModelDeclaration } from '../generated/ast.js';
import {
    isBuiltinFunction, isConstDeclaration, isDatasetDeclaration, isDimensionVariable, isLetStatement, isLoopVariable,
    isModelDeclaration, isNameReference, isOnFailureStatement, isParameter, isPipelineDeclaration, isTargetDeclaration,
} from '../generated/ast.js';
import { ConstantInlining } from '../helpers/constant-inlining.js';
import { parseNumber, parseQuantity, type QuantityUnitKind } from '../helpers/quantities.js';

/** What the converter needs from the plan being built. */
export interface PlanExpressionScope {
    /** The node id of a `let` (undefined for a `let` outside the plan, which cannot happen in a valid pipeline). */
    nodeIdOf(statement: LetStatement): string | undefined;
    /** Told of every dataset or model an expression refers to. */
    useArtifact(declaration: DatasetDeclaration | ModelDeclaration): void;
}

/** Stands for a piece of a half-built expression; valid documents (the only ones generated) never produce it. */
const missing: PlanExpression = { kind: 'literal', value: '' };

/**
 * Weft expressions as plan expressions (see `PlanExpression` in @weft/contract). Constants are
 * inlined; quantities are read in base units, `m` as millicores under a `cpu` key.
 * `needs` collects the nodes whose outputs the converted expressions read.
 */
export class PlanExpressionConverter {
    readonly needs = new Set<string>();
    private readonly inlining = new ConstantInlining();

    constructor(private readonly scope: PlanExpressionScope) {}

    convert(node: Expression | undefined, quantityKind?: QuantityUnitKind): PlanExpression {
        if (node === undefined) return missing;
        switch (node.$type) {
            case 'NumberLiteral':
                return { kind: 'literal', value: parseNumber(node.value ?? '') };
            case 'StringLiteral':
                return { kind: 'literal', value: node.value ?? '' };
            case 'BooleanLiteral':
                return { kind: 'literal', value: node.value === true };
            case 'QuantityLiteral': {
                const quantity = parseQuantity(node.value ?? '', quantityKind);
                return quantity === undefined ? missing : { kind: 'quantity', unit: quantity.kind, value: quantity.value };
            }
            case 'ListLiteral':
                return { kind: 'list', elements: node.elements.map(element => this.convert(element, quantityKind)) };
            case 'RecordLiteral':
                return { kind: 'record', fields: Object.fromEntries(node.fields.map(field => [field.name ?? '', this.convert(field.value, quantityKind)])) };
            case 'ParenthesizedExpression':
                return this.convert(node.expression, quantityKind);
            case 'UnaryExpression':
                return { kind: 'unary', operator: node.operator, operand: this.convert(node.operand, quantityKind) };
            case 'BinaryExpression':
                return { kind: 'binary', operator: node.operator, left: this.convert(node.left, quantityKind), right: this.convert(node.right, quantityKind) };
            case 'RangeExpression':
                return { kind: 'range', value: this.convert(node.value), low: this.convert(node.low), high: this.convert(node.high) };
            case 'MemberAccess':
                return this.convertMemberAccess(node.receiver, node.member ?? '', quantityKind);
            case 'FunctionCall': {
                const callee = isNameReference(node.callee) ? node.callee.target?.ref : undefined;
                if (!isBuiltinFunction(callee) || !isBuiltinFunctionName(callee.name)) return missing;
                return { kind: 'call', function: callee.name, arguments: node.arguments.map(argument => this.convert(argument.value, quantityKind)) };
            }
            case 'NameReference':
                return this.convertName(node.target?.ref, quantityKind);
            default:
                return missing;
        }
    }

    /** `m.model` reads an output of node `m`; anything else is a member of a value. */
    private convertMemberAccess(receiver: Expression | undefined, member: string, quantityKind?: QuantityUnitKind): PlanExpression {
        if (isNameReference(receiver) && isLetStatement(receiver.target?.ref)) {
            const node = this.nodeId(receiver.target.ref);
            return node === undefined ? missing : { kind: 'output', node, output: member };
        }
        return { kind: 'member', receiver: this.convert(receiver, quantityKind), name: member };
    }

    private convertName(target: unknown, quantityKind?: QuantityUnitKind): PlanExpression {
        if (isParameter(target)) {
            return isPipelineDeclaration(target.$container) ? { kind: 'parameter', name: target.name } : { kind: 'input', name: target.name };
        }
        if (isLetStatement(target)) {
            const node = this.nodeId(target);
            return node === undefined ? missing : { kind: 'output', node };
        }
        if (isLoopVariable(target)) return { kind: 'variable', name: target.name };
        if (isDimensionVariable(target)) return { kind: 'dimension', name: target.name };
        if (isOnFailureStatement(target)) return { kind: 'failure' };
        if (isDatasetDeclaration(target) || isModelDeclaration(target)) {
            this.scope.useArtifact(target);
            return { kind: 'artifact', name: target.name };
        }
        if (isTargetDeclaration(target)) return { kind: 'literal', value: target.name };
        if (isConstDeclaration(target)) {
            return this.inlining.inline(target, value => this.convert(value, quantityKind)) ?? missing;
        }
        return missing;
    }

    private nodeId(statement: LetStatement): string | undefined {
        const id = this.scope.nodeIdOf(statement);
        if (id !== undefined) this.needs.add(id);
        return id;
    }
}

function isBuiltinFunctionName(name: string): name is 'min' | 'max' | 'len' {
    return name === 'min' || name === 'max' || name === 'len';
}

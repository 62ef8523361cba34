import type { AstNode } from 'langium';
import { CompletionItemKind, type CompletionItem, InsertTextFormat } from 'vscode-languageserver';
import type { ValueKind } from '../../builtins/member-schema.js';
import { memberTableOf } from '../member-tables.js';

/** Nodes that hold members: where a new line is a member key. */
const memberHolders = new Set(['Block', 'StepDeclaration', 'PipelineDeclaration', 'TargetDeclaration']);
/** Nodes whose inside is not a member list, even though a member holder encloses them. */
const notMemberLists = new Set(['RecordLiteral', 'RecordTypeExpression', 'ListLiteral', 'StepCall', 'FunctionCall', 'WhenStatement',
    'OnFailureStatement', 'Import', 'ParenthesizedExpression', 'ShapeExpression']);

/**
 * The member keys the block around `offset` accepts and does not have yet (`resources {` →
 * cpu, memory, gpu, disk). `node` is the node of the token before the cursor.
 */
export function memberKeyItems(node: AstNode | undefined, offset: number): CompletionItem[] {
    for (let current = node; current; current = current.$container) {
        const cst = current.$cstNode;
        if (notMemberLists.has(current.$type) && cst && cst.offset < offset && cst.end > offset) return [];
        if (!memberHolders.has(current.$type)) continue;
        const table = memberTableOf(current);
        if (!table) return [];
        const present = new Set(((current as { members?: { key?: string }[] }).members ?? []).map(member => member.key));
        return Object.entries(table)
            .filter(([key]) => !present.has(key))
            .map(([key, schema]) => ({
                label: key,
                kind: CompletionItemKind.Property,
                detail: schema.kind === 'block' ? `${key} { … }` : `${key}: ${describeValueKind(schema.value)}`,
                documentation: schema.description,
                insertText: schema.kind === 'block' ? `${key} { $0 }` : `${key}: $0`,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: `0${key}`,
            }));
    }
    return [];
}

function describeValueKind(kind: ValueKind): string {
    if (typeof kind === 'object') return kind.oneOf.map(value => `"${value}"`).join(' | ');
    return kind;
}

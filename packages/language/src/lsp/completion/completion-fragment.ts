import type { AstNode, CstNode } from 'langium';
import { isPipelineDeclaration, isStepDeclaration, isTargetDeclaration, isWeftFile } from '../../generated/ast.js';

/**
 * The text that Langium's completion parser must read to know what may follow `offset`: not the
 * whole document up to the cursor (on a 15,000-line file, a full parse per request) but the
 * enclosing top-level declaration up to the cursor, and inside a step, pipeline or target body
 * only the body's header and the body item the cursor is in.
 *
 * This is sound because the grammar is context-free at these cut points: a declaration starts in
 * the same parser state wherever it stands in `WeftFile`'s `declarations+=Declaration*` loop, and
 * a body item in the same state wherever it stands in its body's `(members+=…|statements+=…)*`
 * loop, so the items skipped between the header and the cursor's item change nothing.
 * Returns `undefined` (parse the whole prefix) before the first declaration or when the cursor
 * is not inside one.
 */
export function completionFragment(root: AstNode, text: string, offset: number): string | undefined {
    if (!isWeftFile(root)) return undefined;
    const declaration = lastStartingBefore(root.declarations ?? [], offset);
    const cst = declaration?.$cstNode;
    // Between two declarations, the text before the cursor may be the start of anything
    // (an import even, after a broken declaration): parse it all.
    if (!declaration || !cst || offset > cst.end) return undefined;
    const items = bodyItems(declaration);
    const first = items[0]?.$cstNode;
    const current = lastStartingBefore(items, offset)?.$cstNode;
    if (!first || !current || current === first) return text.slice(cst.offset, offset);
    return text.slice(cst.offset, first.offset) + text.slice(current.offset, offset);
}

/** The members and statements of a body, in source order. */
function bodyItems(declaration: AstNode): AstNode[] {
    if (isPipelineDeclaration(declaration)) return [...(declaration.members ?? []), ...(declaration.statements ?? [])].sort(bySourceOrder);
    if (isStepDeclaration(declaration) || isTargetDeclaration(declaration)) return [...(declaration.members ?? [])];
    return [];
}

/** The last node (in source order) that starts strictly before `offset`. */
function lastStartingBefore<T extends AstNode>(nodes: readonly T[], offset: number): T | undefined {
    let found: T | undefined;
    for (const node of nodes) {
        const cst: CstNode | undefined = node.$cstNode;
        if (cst && cst.offset < offset && (!found || cst.offset > found.$cstNode!.offset)) found = node;
    }
    return found;
}

function bySourceOrder(a: AstNode, b: AstNode): number {
    return (a.$cstNode?.offset ?? 0) - (b.$cstNode?.offset ?? 0);
}

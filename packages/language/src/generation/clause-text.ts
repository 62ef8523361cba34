import { type AstNode, CstUtils, isLeafCstNode } from 'langium';

/**
 * A `where` clause's condition as written, on one line, for messages to quote: its tokens as in
 * the source, comments left out, and each line break or run of spaces between two tokens made
 * one space (`0 < lr &&\n  // upper\n  lr < 1` is `0 < lr && lr < 1`; `len(xs)` stays as is).
 */
export function clauseText(condition: AstNode | undefined): string {
    const root = condition?.$cstNode;
    if (root === undefined) return '';
    let text = '';
    let end: number | undefined;
    for (const node of CstUtils.streamCst(root)) {
        if (!isLeafCstNode(node) || node.hidden) continue;
        if (end !== undefined && node.offset > end) text += ' ';
        text += node.text;
        end = node.end;
    }
    return text;
}

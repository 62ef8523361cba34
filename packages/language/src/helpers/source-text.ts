import { type AstNode, CstUtils, isLeafCstNode } from 'langium';

/**
 * A node's source as written, on one line, for messages, hovers and the plan to quote: its
 * tokens as in the source, comments left out, and each line break or run of spaces between two
 * tokens made one space (`0 < lr &&\n  // upper\n  lr < 1` is `0 < lr && lr < 1`; `len(xs)` and
 * the text inside strings stay as they are). `fallback` when the node has no text.
 */
export function sourceText(node: AstNode | undefined, fallback = '?'): string {
    const root = node?.$cstNode;
    if (root === undefined) return fallback;
    let text = '';
    let end: number | undefined;
    for (const leaf of CstUtils.streamCst(root)) {
        if (!isLeafCstNode(leaf) || leaf.hidden) continue;
        if (end !== undefined && leaf.offset > end) text += ' ';
        text += leaf.text;
        end = leaf.end;
    }
    return text === '' ? fallback : text;
}

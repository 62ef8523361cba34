import type { AstNode } from 'langium';

/** A node's source text on one line (runs of whitespace collapsed), or `fallback` when it has none. */
export function sourceText(node: AstNode | undefined, fallback = '?'): string {
    const text = node?.$cstNode?.text;
    return text === undefined || text.trim() === '' ? fallback : text.replace(/\s+/g, ' ').trim();
}

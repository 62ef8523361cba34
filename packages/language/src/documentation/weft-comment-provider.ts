import { type AstNode, type CstNode, CstUtils, DefaultCommentProvider, isAstNodeWithComment, isLeafCstNode } from 'langium';

/** The hidden terminal of `///` lines (weft.langium). */
const DOC_COMMENT = 'DOC_COMMENT';

/**
 * Reads `///` doc comments: the `///` lines directly above a declaration, parameter, output,
 * field or `let` (one per line, no blank line between them or before the node), without the
 * slashes and one following space. Other comments (`//`, `/* … *\/`) are not documentation.
 */
export class WeftCommentProvider extends DefaultCommentProvider {
    override getComment(node: AstNode): string | undefined {
        if (isAstNodeWithComment(node)) return node.$comment;
        const start = node.$cstNode;
        if (!start) return undefined;
        const lines: string[] = [];
        let below: CstNode = start;
        for (let previous = CstUtils.getPreviousNode(start, true); isDocComment(previous); previous = CstUtils.getPreviousNode(previous, true)) {
            // Only lines that directly follow each other (and the node) form its doc comment.
            if (previous.range.end.line !== below.range.start.line - 1) break;
            lines.unshift(previous.text.replace(/^\/\/\/ ?/, '').trimEnd());
            below = previous;
        }
        return lines.length > 0 ? lines.join('\n') : undefined;
    }
}

function isDocComment(node: CstNode | undefined): node is CstNode {
    return node !== undefined && isLeafCstNode(node) && node.hidden && node.tokenType.name === DOC_COMMENT;
}

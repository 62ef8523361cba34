import { type AstNode, JSDocDocumentationProvider } from 'langium';

/**
 * Documentation for hover and completion: a `///` doc comment is Markdown as written (Langium's
 * default only shows `/** … *\/` JSDoc comments).
 */
export class WeftDocumentationProvider extends JSDocDocumentationProvider {
    override getDocumentation(node: AstNode): string | undefined {
        return this.commentProvider.getComment(node);
    }
}

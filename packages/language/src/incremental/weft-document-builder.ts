import { type AstNode, DefaultDocumentBuilder, DocumentState, type LangiumDocument, type URI } from 'langium';
import { changesOf } from './document-changes.js';

/**
 * Langium's document builder, telling each document's change record (see `DocumentChanges`)
 * when a build must start over instead of following the edits the document factory recorded:
 * when several documents change at once (links between them may all move), and when a
 * document is relinked or revalidated for reasons other than its own edit.
 */
export class WeftDocumentBuilder extends DefaultDocumentBuilder {
    /**
     * Called by `update` with every changed document (folders expanded) once their states are
     * reset to `Changed`, and by `build` with the documents it builds (which it does not reset).
     */
    protected override async emitUpdate(changed: URI[], deleted: URI[]): Promise<void> {
        if (changed.length + deleted.length > 1) {
            for (const uri of changed) {
                const document = this.langiumDocuments.getDocument(uri);
                if (document?.state === DocumentState.Changed) changesOf(document).everythingChanged();
            }
        }
        return super.emitUpdate(changed, deleted);
    }

    override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
        // `Changed`: the document's own edit, which the factory describes when it parses it.
        if (state !== DocumentState.Changed) {
            if (state <= DocumentState.ComputedScopes) changesOf(document).everythingChanged();
            else if (state < DocumentState.Validated) changesOf(document).forgetValidations();
        }
        super.resetToState(document, state);
    }
}

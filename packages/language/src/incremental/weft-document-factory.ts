import {
    type AstNode, Cancellation, DefaultLangiumDocumentFactory, DocumentState, type LangiumDocument, type LangiumSharedCoreServices,
    type Mutable, type ParseResult,
} from 'langium';
import { changesOf } from './document-changes.js';
import { reparsePart } from './partial-reparse.js';

/**
 * Langium's document factory, except that an edit inside one top-level declaration re-parses
 * only that declaration, and an edit of the comments between declarations only those (see
 * {@link reparsePart}), recording what changed so that linking and validation can redo only
 * what the edit affects. Anything else parses the whole text, as Langium does, and asks for a
 * full relink and revalidation.
 */
export class WeftDocumentFactory extends DefaultLangiumDocumentFactory {
    constructor(private readonly shared: LangiumSharedCoreServices) {
        super(shared);
    }

    /** Langium's `update`, trying {@link reparsePart} before parsing the whole text. */
    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>,
        cancellationToken = Cancellation.CancellationToken.None): Promise<LangiumDocument<T>> {
        const oldText = document.parseResult.value.$cstNode?.root.fullText;
        const textDocument = this.textDocuments?.get(document.uri.toString());
        const text = await this.getUpdatedText(document, textDocument, cancellationToken);
        if (textDocument) Object.defineProperty(document, 'textDocument', { value: textDocument });
        else Object.defineProperty(document, 'textDocument', { get: this.createTextDocumentGetter(document.uri, text) });
        const changes = changesOf(document);
        const { parser } = this.shared.ServiceRegistry.getServices(document.uri);
        const reparse = reparsePart(parser.LangiumParser, parser.Lexer, document.parseResult, text);
        if (reparse !== undefined) {
            document.parseResult = reparse.result as unknown as ParseResult<T>;
            // Comments and blank lines between declarations change no link. A new name changes
            // what the document declares: any reference may resolve differently.
            if (reparse.kind === 'declaration') {
                if (reparse.replacement.name === reparse.replaced.name) changes.declarationReplaced(reparse.replaced, reparse.replacement);
                else changes.everythingChanged();
            }
        } else {
            // Unchanged text is not parsed again, but what it depends on (other files) may have changed.
            changes.everythingChanged();
            if (oldText !== text) {
                document.parseResult = await this.parseAsync<T>(document.uri, text, cancellationToken);
                (document.parseResult.value as Mutable<AstNode>).$document = document;
            }
        }
        document.state = DocumentState.Parsed;
        return document;
    }
}

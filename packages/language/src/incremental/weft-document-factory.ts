import {
    type AstNode, Cancellation, DefaultLangiumDocumentFactory, DocumentState, type LangiumDocument, type LangiumSharedCoreServices,
    type Mutable, type ParseResult, type URI,
} from 'langium';
import { FileTooLargeError } from '../helpers/file-refusals.js';
import { refusedParseResult } from '../parsing/refused-parse.js';
import { isTooLarge, tooLarge } from '../parsing/source-limits.js';
import { changesOf } from './document-changes.js';
import { reparsePart } from './partial-reparse.js';

/**
 * Langium's document factory, except that an edit inside one top-level declaration re-parses
 * only that declaration, and an edit of the comments between declarations only those (see
 * {@link reparsePart}), recording what changed so that linking and validation can redo only
 * what the edit affects. Anything else parses the whole text, as Langium does, and asks for a
 * full relink and revalidation.
 *
 * A `.weft` file on disk larger than the limit (parsing/source-limits.ts) is not read: its
 * document is empty and carries one `file-too-large` error.
 */
export class WeftDocumentFactory extends DefaultLangiumDocumentFactory {
    constructor(private readonly shared: LangiumSharedCoreServices) {
        super(shared);
    }

    override async fromUri<T extends AstNode = AstNode>(uri: URI, cancellationToken = Cancellation.CancellationToken.None): Promise<LangiumDocument<T>> {
        let text: string;
        try {
            text = await this.getInitialText(uri, cancellationToken);
        } catch (error) {
            if (!(error instanceof FileTooLargeError)) throw error;
            return this.createLangiumDocument(refusedParseResult<T>('', tooLarge(error.size)), uri, undefined, '');
        }
        return this.createAsync<T>(uri, text, cancellationToken);
    }

    /** Langium's `update`, trying {@link reparsePart} before parsing the whole text. */
    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>,
        cancellationToken = Cancellation.CancellationToken.None): Promise<LangiumDocument<T>> {
        const oldText = document.parseResult.value.$cstNode?.root.fullText;
        const textDocument = this.textDocuments?.get(document.uri.toString());
        let text: string;
        let refused: ParseResult<T> | undefined;
        try {
            text = await this.getUpdatedText(document, textDocument, cancellationToken);
        } catch (error) {
            if (!(error instanceof FileTooLargeError)) throw error;
            text = '';
            refused = refusedParseResult<T>(text, tooLarge(error.size));
        }
        if (textDocument) Object.defineProperty(document, 'textDocument', { value: textDocument });
        else Object.defineProperty(document, 'textDocument', { get: this.createTextDocumentGetter(document.uri, text) });
        const changes = changesOf(document);
        if (refused !== undefined) {
            changes.everythingChanged();
            document.parseResult = refused;
            (refused.value as Mutable<AstNode>).$document = document;
            document.state = DocumentState.Parsed;
            return document;
        }
        const { parser } = this.shared.ServiceRegistry.getServices(document.uri);
        // Re-parsing a part would not see the whole text grow past the size limit.
        const reparse = isTooLarge(text) ? undefined : reparsePart(parser.LangiumParser, parser.Lexer, document.parseResult, text);
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

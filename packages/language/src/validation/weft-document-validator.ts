import { type Cancellation, DefaultDocumentValidator, DocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { isFollowUpLinkingError } from '../scoping/unresolved-references.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { readableSyntaxMessage } from './syntax-messages.js';

/**
 * Langium's document validator, with Weft's codes on the diagnostics it makes itself: lexer and
 * parser errors become `syntax-error` (with shorter messages), unresolved references
 * `unknown-reference`.
 */
export class WeftDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: Cancellation.CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const diagnostic of diagnostics) {
            diagnostic.code ??= weftCodeOf(diagnostic);
            if (diagnostic.code === DiagnosticCode.SyntaxError && typeof diagnostic.message === 'string') {
                diagnostic.message = readableSyntaxMessage(diagnostic.message);
            }
        }
        return diagnostics;
    }

    /** A reference that fails only because its import failed is reported once, on the import. */
    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const references = document.references.filter(reference => !isFollowUpLinkingError(reference.error));
        super.processLinkingErrors({ ...document, references }, diagnostics, options);
    }
}

function weftCodeOf(diagnostic: Diagnostic): DiagnosticCode | undefined {
    switch ((diagnostic.data as { code?: string } | undefined)?.code) {
        case DocumentValidator.LexingError:
        case DocumentValidator.ParsingError:
            return DiagnosticCode.SyntaxError;
        case DocumentValidator.LinkingError:
            return DiagnosticCode.UnknownReference;
        default:
            return undefined;
    }
}

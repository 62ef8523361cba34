import {
    type AstNode, Cancellation, DefaultDocumentValidator, DocumentValidator, interruptAndCheck, type LangiumDocument,
    OperationCancelled, type ValidationAcceptor, type ValidationCheck, type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { forEachNode } from '../helpers/ast-walk.js';
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

    /**
     * Langium's loop over the nodes, without awaiting checks that finished synchronously (see
     * WeftValidationRegistry) and looking each node type's checks up once: a `await` per node and
     * check is a good part of validating a big file. It still yields to the event loop as often
     * as Langium does, so an editor's cancellation gets through.
     */
    protected override async validateAstNodes(
        rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        const checksByType = new Map<string, readonly ValidationCheck[]>();
        // The nodes to check, parents first, collected in one plain walk (Langium streams them).
        const nodes: AstNode[] = [];
        forEachNode(rootNode, node => {
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) nodes.push(node);
            return nodeOptions.validateChildren;
        });
        for (let index = 0; index < nodes.length; index++) {
            if (index % 64 === 63) await interruptAndCheck(cancelToken);
            else if (cancelToken.isCancellationRequested) throw OperationCancelled;
            const node = nodes[index]!;
            let checks = checksByType.get(node.$type);
            if (checks === undefined) {
                checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray();
                checksByType.set(node.$type, checks);
            }
            for (const check of checks) {
                const pending = check(node, acceptor, cancelToken);
                if (pending !== undefined) await pending;
            }
        }
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

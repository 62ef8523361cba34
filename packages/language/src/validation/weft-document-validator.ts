import {
    type AstNode, Cancellation, DefaultDocumentValidator, DocumentValidator, interruptAndCheck, isAstNode, type LangiumDocument,
    OperationCancelled, type ParseResult, toDiagnosticSeverity, type ValidationAcceptor, type ValidationCheck, type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { nodesOfTopLevel, topLevelNodesOf } from '../helpers/ast-walk.js';
import { DeclarationDiagnostics } from '../incremental/declaration-diagnostics.js';
import { isCodedParserError } from '../parsing/refused-parse.js';
import { isFollowUpLinkingError } from '../scoping/unresolved-references.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { readableSyntaxMessage } from './syntax-messages.js';

/**
 * Langium's document validator, with Weft's codes on the diagnostics it makes itself: lexer and
 * parser errors become `syntax-error` (with shorter messages), unresolved references
 * `unknown-reference`; a text refused for its size or depth gets the code its error carries.
 */
export class WeftDocumentValidator extends DefaultDocumentValidator {
    private readonly declarationDiagnostics = new DeclarationDiagnostics();

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
     * as Langium does, so an editor's cancellation gets through. After an edit inside one
     * declaration, the declarations it cannot affect are not checked again: what they reported
     * last time is reported again (see `DeclarationDiagnostics`).
     */
    protected override async validateAstNodes(
        rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        const document = rootNode.$document;
        const round = document === undefined ? undefined : this.declarationDiagnostics.begin(document, categoriesKey(options));
        // The nodes to check, parents first, each with the top-level declaration it belongs to;
        // a declaration whose diagnostics are reused stands alone. (Weft does not use Langium's
        // `validateSingleNodeOptions`: every node is checked.)
        const nodes: AstNode[] = [rootNode];
        const owners: (AstNode | undefined)[] = [undefined];
        // Indexed loops here and below: this long-running async function stays in V8's baseline
        // code, where each step of a for-of loop allocates an iterator result.
        const topLevelNodes = topLevelNodesOf(rootNode);
        for (let i = 0; i < topLevelNodes.length; i++) {
            const topLevel = topLevelNodes[i]!;
            if (round?.reusable.has(topLevel)) {
                nodes.push(topLevel);
                owners.push(undefined);
                continue;
            }
            round?.checked(topLevel);
            const under = nodesOfTopLevel(topLevel);
            for (let j = 0; j < under.length; j++) {
                nodes.push(under[j]!);
                owners.push(topLevel);
            }
        }
        let current: AstNode | undefined;
        const accept: ValidationAcceptor = round === undefined ? acceptor : (severity, message, info) => {
            if (current !== undefined) round.record(current, { severity, message, info });
            acceptor(severity, message, info);
        };
        const checksByType = new Map<string, readonly ValidationCheck[]>();
        for (let index = 0; index < nodes.length; index++) {
            if (index % 64 === 63) await interruptAndCheck(cancelToken);
            else if (cancelToken.isCancellationRequested) throw OperationCancelled;
            const node = nodes[index]!;
            // Only a top-level node standing alone (no owner) can have reused diagnostics.
            const reused = owners[index] === undefined ? round?.reusable.get(node) : undefined;
            if (reused !== undefined) {
                for (const { severity, message, info } of reused) acceptor(severity, message, info);
                continue;
            }
            current = owners[index];
            let checks = checksByType.get(node.$type);
            if (checks === undefined) {
                checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray();
                checksByType.set(node.$type, checks);
            }
            for (let c = 0; c < checks.length; c++) {
                const pending = checks[c]!(node, accept, cancelToken);
                if (pending !== undefined) await pending;
            }
        }
        round?.finish();
    }

    /** Parser errors with a code of their own (refused-parse.ts) keep it; the others are Langium's. */
    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const parserErrors = parseResult.parserErrors.filter(error => {
            if (!isCodedParserError(error)) return true;
            const { token } = error;
            const range = { start: { line: token.startLine! - 1, character: token.startColumn! - 1 }, end: { line: token.endLine! - 1, character: token.endColumn! } };
            diagnostics.push({ severity: toDiagnosticSeverity('error'), range, message: error.message, code: error.code, source: this.getSource() });
            return false;
        });
        super.processParsingErrors({ ...parseResult, parserErrors }, diagnostics, options);
    }

    /**
     * A reference that fails only because its import failed is reported once, on the import.
     * Langium's loop is given only the references that failed: it would ask each of the others
     * for its error again, a property lookup on the node it resolved to.
     */
    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const references = document.references.filter(reference => {
            // A reference resolved to a node has no error; asking would look for `info` on the node.
            if (isAstNode((reference as { _ref?: unknown })._ref)) return false;
            const error = reference.error;
            return error !== undefined && !isFollowUpLinkingError(error);
        });
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

/** The categories a validation runs, as a key (all of them when none are named). */
function categoriesKey(options: ValidationOptions): string {
    return options.categories === undefined ? 'all' : [...options.categories].sort().join(',');
}

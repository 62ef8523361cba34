import { type AstNode, AstUtils, type LangiumDocument, type ValidationAcceptor } from 'langium';
import { isWeftFile } from '../generated/ast.js';
import { changesOf } from './document-changes.js';

/** One call of a validation acceptor, kept to be made again. */
export interface AcceptedDiagnostic {
    readonly severity: Parameters<ValidationAcceptor>[0];
    readonly message: string;
    readonly info: Parameters<ValidationAcceptor>[2];
}

/**
 * What the checks accepted for each top-level declaration in the last validation of a document
 * (per set of validation categories), so that a validation after an edit inside one declaration
 * checks only the declarations the edit can affect and reports again what the others reported.
 *
 * A declaration is affected when it was parsed since (see `DocumentChanges`), or when one of its
 * references leads, directly or through other declarations of the document, to one that is
 * (the linker records where each declaration's references lead).
 * Checks that look across declarations without a reference (unique names, implementation files
 * on disk) are registered on the file and run every time. Diagnostics are made again from the
 * same nodes, so their ranges follow the nodes that moved; an entry that carries positions of
 * its own (an explicit range, related information) is not reused.
 */
export class DeclarationDiagnostics {
    private readonly byDocument = new WeakMap<LangiumDocument, Map<string, Map<AstNode, CheckedDeclaration>>>();

    /** Starts validating `document` with `categories`. */
    begin(document: LangiumDocument, categories: string): ValidationRound {
        const recorded = this.byDocument.get(document)?.get(categories);
        const unvalidated = changesOf(document).unvalidatedFor(categories);
        const reusable = new Map<AstNode, AcceptedDiagnostic[]>();
        const root = document.parseResult.value;
        if (recorded !== undefined && unvalidated !== undefined && isWeftFile(root) && !dependsOnItsImporters(document)) {
            const affected = changesOf(document).dependentsOf(unvalidated);
            for (const declaration of root.declarations) {
                const checked = recorded.get(declaration);
                if (checked !== undefined && !affected.has(declaration) && isReusable(checked, declaration)) reusable.set(declaration, checked.accepted);
            }
        }
        return new ValidationRound(reusable, finished => {
            let byCategories = this.byDocument.get(document);
            if (byCategories === undefined) this.byDocument.set(document, byCategories = new Map());
            byCategories.set(categories, finished);
            changesOf(document).validated(categories);
        });
    }
}

/** What the checks of one declaration accepted, and the line the declaration started on then. */
interface CheckedDeclaration {
    readonly line: number;
    readonly accepted: AcceptedDiagnostic[];
}

/** One validation of a document: the declarations it may skip, and what the others accept. */
export class ValidationRound {
    private readonly checkedDeclarations = new Map<AstNode, CheckedDeclaration>();

    constructor(
        /** Top-level declarations not affected since the last validation, with what they accepted then. */
        readonly reusable: ReadonlyMap<AstNode, readonly AcceptedDiagnostic[]>,
        private readonly store: (checked: Map<AstNode, CheckedDeclaration>) => void,
    ) {}

    /** Notes that the checks of `declaration`'s nodes are run now (before they accept anything). */
    checked(declaration: AstNode): void {
        this.checkedDeclarations.set(declaration, { line: startLine(declaration), accepted: [] });
    }

    /** Notes that the checks of `declaration`'s nodes accepted `diagnostic`. */
    record(declaration: AstNode, diagnostic: AcceptedDiagnostic): void {
        this.checkedDeclarations.get(declaration)?.accepted.push(diagnostic);
    }

    /** The validation went through every node: keep what it accepted for the next one. */
    finish(): void {
        for (const [declaration, accepted] of this.reusable) {
            this.checkedDeclarations.set(declaration, { line: startLine(declaration), accepted: [...accepted] });
        }
        this.store(this.checkedDeclarations);
    }
}

function startLine(node: AstNode): number {
    return node.$cstNode?.range.start.line ?? -1;
}

/**
 * Whether what a declaration accepted can be reported again as it is: ranges are computed anew
 * from the nodes, but a message may quote a line ("already declared on line 12") and an entry
 * may carry positions of its own (an explicit range, related information). Declarations with
 * diagnostics that moved are checked again; they are few.
 */
function isReusable(checked: CheckedDeclaration, declaration: AstNode): boolean {
    if (checked.accepted.length === 0) return true;
    if (checked.line !== startLine(declaration)) return false;
    return !checked.accepted.some(({ info }) => {
        const positioned = info as { range?: unknown; relatedInformation?: readonly unknown[] };
        return positioned.range !== undefined || (positioned.relatedInformation?.length ?? 0) > 0;
    });
}

/**
 * Whether the document refers to another document that refers back to it: a declaration there
 * may then depend on one here, and what refers to it here would be affected without a path of
 * references inside this document.
 */
function dependsOnItsImporters(document: LangiumDocument): boolean {
    const root = document.parseResult.value;
    const others = new Set<LangiumDocument>();
    for (const { uses } of changesOf(document).links.values()) {
        for (const target of uses) {
            if (target.$container !== root) others.add(AstUtils.getDocument(target));
        }
    }
    for (const other of others) {
        for (const { uses } of changesOf(other).links.values()) {
            for (const target of uses) {
                if (target.$container === root) return true;
            }
        }
    }
    return false;
}

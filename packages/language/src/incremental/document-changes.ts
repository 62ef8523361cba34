import type { AstNode, LangiumDocument, Reference } from 'langium';

/** What the last link found under one top-level node. */
export interface TopLevelLinks {
    readonly references: readonly Reference[];
    /** Whether any of them failed to resolve. */
    readonly failed: boolean;
    /** The top-level nodes (of any document) they resolve into. */
    readonly uses: ReadonlySet<AstNode>;
}

/**
 * What changed in a document since it was last linked and last validated, so that an edit inside
 * one top-level declaration relinks and revalidates only what it can affect (see
 * docs/architecture.md, "Edits in the language server"). The document factory records each
 * declaration it re-parsed on its own; anything it cannot describe that way (a full parse,
 * another document changing, a declaration renamed) asks for everything to be redone.
 */
export class DocumentChanges {
    /** Relink the whole document: the next link cannot rely on earlier links. */
    private relinkAll = true;
    /** Declarations replaced since the last link: references into them must be resolved again. */
    readonly replaced = new Set<AstNode>();
    /** Declarations parsed since the last link, whose references are not linked yet. */
    readonly unlinked = new Set<AstNode>();
    /** What the last link found under each top-level node of the document (declarations, imports). */
    readonly links = new Map<AstNode, TopLevelLinks>();
    /**
     * Per set of validation categories, the declarations parsed since that validation last
     * completed; a set of categories that is missing here must validate the whole document.
     */
    private readonly unvalidated = new Map<string, Set<AstNode>>();

    /**
     * Whether the next link may keep the links outside the recorded declarations. Every change
     * to the tree goes through the document factory, which records it here or asks for
     * everything; a relink for any other reason comes through `WeftDocumentBuilder`, which asks
     * for everything too. An edit whose build was cancelled before it parsed needs nothing: the
     * next parse compares the newest text with the tree the last parse left.
     */
    get canRelinkPartially(): boolean {
        return !this.relinkAll;
    }

    /** `replacement` took the place of `replaced`, a top-level declaration of the same kind and name. */
    declarationReplaced(replaced: AstNode, replacement: AstNode): void {
        this.replaced.add(replaced);
        this.unlinked.delete(replaced);
        this.unlinked.add(replacement);
        for (const declarations of this.unvalidated.values()) {
            declarations.delete(replaced);
            declarations.add(replacement);
        }
    }

    /** Anything else changed: the next link and every validation start over. */
    everythingChanged(): void {
        this.relinkAll = true;
        this.replaced.clear();
        this.unlinked.clear();
        this.unvalidated.clear();
    }

    /** `changed` and every top-level node of the document whose references lead to one of them, directly or not. */
    dependentsOf(changed: Iterable<AstNode>): Set<AstNode> {
        const dependents = new Map<AstNode, AstNode[]>();
        for (const [owner, { uses }] of this.links) {
            for (const target of uses) {
                const list = dependents.get(target);
                if (list === undefined) dependents.set(target, [owner]);
                else list.push(owner);
            }
        }
        const affected = new Set(changed);
        const pending = [...affected];
        while (pending.length > 0) {
            for (const dependent of dependents.get(pending.pop()!) ?? []) {
                if (affected.has(dependent)) continue;
                affected.add(dependent);
                pending.push(dependent);
            }
        }
        return affected;
    }

    /** Every validation must go through the whole document again (links stay valid). */
    forgetValidations(): void {
        this.unvalidated.clear();
    }

    /** The whole document was linked: every validation starts over, since any target may have moved. */
    linkedAll(): void {
        this.everythingChanged();
        this.relinkAll = false;
    }

    /** The declarations recorded as replaced or parsed were linked. */
    linkedChanges(): void {
        this.replaced.clear();
        this.unlinked.clear();
    }

    /** The declarations to validate again for `categories`, or `undefined` when all of them must be. */
    unvalidatedFor(categories: string): ReadonlySet<AstNode> | undefined {
        return this.unvalidated.get(categories);
    }

    /** A validation with `categories` went through the whole document, or through every declaration it had to. */
    validated(categories: string): void {
        this.unvalidated.set(categories, new Set());
    }
}

const changesByDocument = new WeakMap<LangiumDocument, DocumentChanges>();

/** The change record of a document, created (asking for everything) on first use. */
export function changesOf(document: LangiumDocument): DocumentChanges {
    let changes = changesByDocument.get(document);
    if (changes === undefined) {
        changes = new DocumentChanges();
        changesByDocument.set(document, changes);
    }
    return changes;
}

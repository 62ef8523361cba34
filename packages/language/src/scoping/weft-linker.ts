import {
    type AstNode, type AstNodeDescription, Cancellation, DefaultLinker, interruptAndCheck, isAstNode, isReference, type LangiumDocument,
    type LinkingError, OperationCancelled, type Reference, type ReferenceInfo,
} from 'langium';
import { nodesOfTopLevel, topLevelDeclarationOf, topLevelNodesOf } from '../helpers/ast-walk.js';
import { changesOf, type DocumentChanges } from '../incremental/document-changes.js';
import { WeftDocumentBuilder } from '../incremental/weft-document-builder.js';
import { ReferenceWalker } from '../helpers/reference-walk.js';
import type { WeftTypeComputer } from '../typing/type-computer.js';
import type { WeftServices } from '../weft-module.js';
import { UnresolvedReferenceExplainer } from './unresolved-references.js';

/**
 * Langium's linker with Weft's messages for names that do not resolve (the diagnostic code,
 * `unknown-reference`, is set by `WeftDocumentValidator`).
 */
export class WeftLinker extends DefaultLinker {
    private readonly explainer: UnresolvedReferenceExplainer;
    private readonly references: ReferenceWalker;
    private readonly services: WeftServices;

    constructor(services: WeftServices) {
        super(services);
        this.services = services;
        this.explainer = new UnresolvedReferenceExplainer(services);
        this.references = new ReferenceWalker(services.shared.AstReflection);
    }

    private get typeComputer(): WeftTypeComputer {
        return this.services.typing.TypeComputer;
    }

    /**
     * Langium's linking loop over a plain array of each top-level node's nodes, reading only the
     * properties that can hold a reference instead of every property of every node, and
     * yielding to the event loop every 64 nodes rather than awaiting at each: a big file has tens
     * of thousands of nodes and a few thousand references. After an edit inside one declaration
     * (see `DocumentChanges`), only the references that the edit can affect are linked again.
     * Either way it records which top-level nodes each one's references lead to, and tells the
     * type computer which types may have changed.
     */
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const changes = changesOf(document);
        if (changes.canRelinkPartially) {
            const replaced = [...changes.replaced];
            let relinked: Set<AstNode>;
            try {
                relinked = await this.relinkChanges(document, changes, cancelToken);
            } catch (error) {
                // Cancelled half-way: the next link starts over.
                changes.everythingChanged();
                throw error;
            }
            changes.linkedChanges();
            this.typeComputer.forget([...replaced, ...changes.dependentsOf(relinked)]);
            return;
        }
        super.unlink(document);
        changes.links.clear();
        this.typeComputer.forgetAll();
        await this.linkTopLevelNodes(topLevelNodesOf(document.parseResult.value), document, changes, cancelToken);
        changes.linkedAll();
    }

    /**
     * Unlinking waits until linking: after an edit inside one declaration, the links of the
     * others mostly stay (see {@link relinkChanges}). Until then nothing reads them: requests
     * wait for the document to be linked. Only Weft's document builder says when a relink is
     * for another reason than the document's own edit; under any other, every relink is whole.
     */
    override unlink(document: LangiumDocument): void {
        if (!(this.services.shared.workspace.DocumentBuilder instanceof WeftDocumentBuilder)) changesOf(document).everythingChanged();
    }

    /**
     * Links the declarations parsed since the last link, and again the declarations whose
     * references led into a declaration they replaced or failed (a message may quote a line
     * that moved). The others keep their links: the replaced declarations kept their names and
     * kinds, so no other name resolves differently. Returns the top-level nodes linked.
     */
    private async relinkChanges(document: LangiumDocument, changes: DocumentChanges, cancelToken: Cancellation.CancellationToken): Promise<Set<AstNode>> {
        for (const replaced of changes.replaced) changes.links.delete(replaced);
        const toLink = new Set([...changes.unlinked].filter(isInTree));
        for (const [node, { references, failed, uses }] of changes.links) {
            const usesReplaced = [...changes.replaced].some(replaced => uses.has(replaced));
            if (!failed && !usesReplaced) continue;
            toLink.add(node);
            for (const reference of references) {
                const target = resolvedTarget(reference);
                if (target === undefined || changes.replaced.has(topLevelDeclarationOf(target)!)) {
                    const unlinked = reference as unknown as { _ref?: unknown; _nodeDescription?: unknown };
                    unlinked._ref = undefined;
                    delete unlinked._nodeDescription;
                }
            }
        }
        await this.linkTopLevelNodes([...toLink], document, changes, cancelToken);
        return toLink;
    }

    /** Links the references under each of `nodes` (top-level nodes of `document`) and records what they lead to. */
    private async linkTopLevelNodes(nodes: readonly AstNode[], document: LangiumDocument, changes: DocumentChanges,
        cancelToken: Cancellation.CancellationToken): Promise<void> {
        let visited = 0;
        for (const topLevel of nodes) {
            const references: Reference[] = [];
            const uses = new Set<AstNode>();
            let failed = false;
            const link = (info: ReferenceInfo): void => {
                this.doLink(info, document);
                references.push(info.reference as Reference);
                const target = resolvedTarget(info.reference);
                if (target === undefined) failed = true;
                else uses.add(topLevelDeclarationOf(target) ?? target);
            };
            // An indexed loop: this async function stays in baseline code, where for-of allocates per step.
            const under = nodesOfTopLevel(topLevel);
            for (let i = 0; i < under.length; i++) {
                const node = under[i]!;
                if (++visited % 64 === 0) await interruptAndCheck(cancelToken);
                else if (cancelToken.isCancellationRequested) throw OperationCancelled;
                this.references.forEachReferenceOf(node, link);
            }
            changes.links.set(topLevel, { references, failed, uses });
        }
        // Langium's list of the document's references (for unlinking and linking errors), in document order.
        document.references = topLevelNodesOf(document.parseResult.value).flatMap(node => changes.links.get(node)?.references ?? []);
    }

    override getCandidate(refInfo: ReferenceInfo): AstNodeDescription | LinkingError {
        const scope = this.scopeProvider.getScope(refInfo);
        return scope.getElement(refInfo.reference.$refText) ?? this.explainer.explain(refInfo, scope);
    }
}

/** The target of a resolved reference, read without resolving anything (`ref` would). */
function resolvedTarget(reference: unknown): AstNode | undefined {
    if (!isReference(reference)) return undefined;
    const target = (reference as unknown as { _ref?: unknown })._ref;
    return isAstNode(target) ? target : undefined;
}

/** Whether `node` is still where its container says it is (not replaced by an edit). */
function isInTree(node: AstNode): boolean {
    const container = node.$container as unknown as Record<string, unknown> | undefined;
    const holder = container?.[node.$containerProperty ?? ''];
    return Array.isArray(holder) ? holder[node.$containerIndex ?? -1] === node : holder === node;
}

import {
    type AstNode, type AstNodeDescription, Cancellation, DefaultLinker, interruptAndCheck, isAstNode, isReference, type LangiumDocument,
    type LinkingError, OperationCancelled, type Reference, type ReferenceInfo,
} from 'langium';
import { allNodes, topLevelDeclarationOf } from '../helpers/ast-walk.js';
import { changesOf, type DocumentChanges } from '../incremental/document-changes.js';
import { ReferenceWalker } from '../helpers/reference-walk.js';
import type { WeftServices } from '../weft-module.js';
import { UnresolvedReferenceExplainer } from './unresolved-references.js';

/**
 * Langium's linker with Weft's messages for names that do not resolve (the diagnostic code,
 * `unknown-reference`, is set by `WeftDocumentValidator`).
 */
export class WeftLinker extends DefaultLinker {
    private readonly explainer: UnresolvedReferenceExplainer;
    private readonly references: ReferenceWalker;

    constructor(services: WeftServices) {
        super(services);
        this.explainer = new UnresolvedReferenceExplainer(services);
        this.references = new ReferenceWalker(services.shared.AstReflection);
    }

    /**
     * Langium's linking loop over a plain array of the document's nodes, reading only the
     * properties that can hold a reference instead of every property of every node, and
     * yielding to the event loop every 64 nodes rather than awaiting at each: a big file has tens
     * of thousands of nodes and a few thousand references. After an edit inside one declaration
     * (see `DocumentChanges`), only the references that the edit can affect are linked again.
     */
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const changes = changesOf(document);
        if (changes.canRelinkPartially) {
            try {
                await this.relinkChanges(document, changes, cancelToken);
            } catch (error) {
                // Cancelled half-way: the next link starts over.
                changes.everythingChanged();
                throw error;
            }
            changes.linkedChanges();
            return;
        }
        super.unlink(document);
        if (this.profiler?.isActive('linking')) await super.link(document, cancelToken);
        else await this.linkNodes(allNodes(document.parseResult.value), document, cancelToken);
        changes.linkedAll();
    }

    /**
     * Unlinking waits until linking: after an edit inside one declaration, the links of the
     * others mostly stay (see {@link relinkChanges}). Until then nothing reads them: requests
     * wait for the document to be linked.
     */
    override unlink(document: LangiumDocument): void {
        changesOf(document).unlinkRequested();
    }

    /**
     * Links the declarations parsed since the last link, and again every reference that pointed
     * into a declaration they replaced, and every reference that failed. References elsewhere
     * keep their targets: the replaced declarations kept their names and kinds, so no other name
     * resolves differently.
     */
    private async relinkChanges(document: LangiumDocument, changes: DocumentChanges, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const toLink = new Set(changes.unlinked);
        const kept: Reference[] = [];
        for (const reference of document.references) {
            const owner = topLevelDeclarationOf(reference.$refNode?.astNode);
            if (owner !== undefined && changes.replaced.has(owner)) continue;
            // The resolved target, read without resolving anything (`ref` would).
            const target = isReference(reference) ? (reference as unknown as { _ref?: unknown })._ref : undefined;
            // A failed reference is resolved again too: its message may quote a line that moved.
            if (target !== undefined && (!isAstNode(target) || changes.replaced.has(topLevelDeclarationOf(target)!))) {
                const unlinked = reference as unknown as { _ref?: unknown; _nodeDescription?: unknown };
                unlinked._ref = undefined;
                delete unlinked._nodeDescription;
                if (owner !== undefined) toLink.add(owner);
                continue;
            }
            kept.push(reference as Reference);
        }
        document.references = kept;
        const nodes = [...toLink].filter(isInTree).flatMap(allNodes);
        await this.linkNodes(nodes, document, cancelToken);
    }

    private async linkNodes(nodes: readonly AstNode[], document: LangiumDocument, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const link = (info: ReferenceInfo): void => this.doLink(info, document);
        for (let index = 0; index < nodes.length; index++) {
            if (index % 64 === 63) await interruptAndCheck(cancelToken);
            else if (cancelToken.isCancellationRequested) throw OperationCancelled;
            this.references.forEachReferenceOf(nodes[index]!, link);
        }
    }

    override getCandidate(refInfo: ReferenceInfo): AstNodeDescription | LinkingError {
        const scope = this.scopeProvider.getScope(refInfo);
        return scope.getElement(refInfo.reference.$refText) ?? this.explainer.explain(refInfo, scope);
    }
}

/** Whether `node` is still where its container says it is (not replaced by an edit). */
function isInTree(node: AstNode): boolean {
    const container = node.$container as unknown as Record<string, unknown> | undefined;
    const holder = container?.[node.$containerProperty ?? ''];
    return Array.isArray(holder) ? holder[node.$containerIndex ?? -1] === node : holder === node;
}

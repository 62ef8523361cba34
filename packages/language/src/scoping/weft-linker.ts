import {
    type AstNodeDescription, Cancellation, DefaultLinker, interruptAndCheck, type LangiumDocument, type LinkingError, OperationCancelled,
    type ReferenceInfo,
} from 'langium';
import { allNodes } from '../helpers/ast-walk.js';
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
     * of thousands of nodes and a few thousand references.
     */
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const link = (info: ReferenceInfo): void => this.doLink(info, document);
        const nodes = allNodes(document.parseResult.value);
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

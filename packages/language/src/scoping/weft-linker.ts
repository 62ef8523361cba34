import { type AstNodeDescription, DefaultLinker, type LinkingError, type ReferenceInfo } from 'langium';
import type { WeftServices } from '../weft-module.js';
import { UnresolvedReferenceExplainer } from './unresolved-references.js';

/**
 * Langium's linker with Weft's messages for names that do not resolve (the diagnostic code,
 * `unknown-reference`, is set by `WeftDocumentValidator`).
 */
export class WeftLinker extends DefaultLinker {
    private readonly explainer: UnresolvedReferenceExplainer;

    constructor(services: WeftServices) {
        super(services);
        this.explainer = new UnresolvedReferenceExplainer(services);
    }

    override getCandidate(refInfo: ReferenceInfo): AstNodeDescription | LinkingError {
        const scope = this.scopeProvider.getScope(refInfo);
        return scope.getElement(refInfo.reference.$refText) ?? this.explainer.explain(refInfo, scope);
    }
}

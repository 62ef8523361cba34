import {
    type AstNode, type AstNodeDescription, AstUtils, Cancellation, DefaultLinker, interruptAndCheck, isMultiReference,
    isReference, type LangiumDocument, type LinkingError, OperationCancelled, type ReferenceInfo,
} from 'langium';
import type { WeftServices } from '../weft-module.js';
import { UnresolvedReferenceExplainer } from './unresolved-references.js';

/**
 * Langium's linker with Weft's messages for names that do not resolve (the diagnostic code,
 * `unknown-reference`, is set by `WeftDocumentValidator`).
 */
export class WeftLinker extends DefaultLinker {
    private readonly explainer: UnresolvedReferenceExplainer;
    /** Per node type, the properties that hold references (from the generated reflection). */
    private readonly referenceProperties = new Map<string, readonly string[]>();

    constructor(services: WeftServices) {
        super(services);
        this.explainer = new UnresolvedReferenceExplainer(services);
    }

    /**
     * Langium's linking loop, reading only the properties that can hold a reference instead of
     * every property of every node, and yielding to the event loop every 64 nodes rather than
     * awaiting at each: a big file has tens of thousands of nodes and a few thousand references.
     */
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        let visited = 0;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            if (++visited % 64 === 0) await interruptAndCheck(cancelToken);
            else if (cancelToken.isCancellationRequested) throw OperationCancelled;
            for (const property of this.referencePropertiesOf(node.$type)) {
                const value = (node as unknown as Record<string, unknown>)[property];
                if (Array.isArray(value)) {
                    value.forEach((reference: unknown, index) => this.linkValue(reference, node, property, document, index));
                } else {
                    this.linkValue(value, node, property, document);
                }
            }
        }
    }

    private linkValue(value: unknown, container: AstNode, property: string, document: LangiumDocument, index?: number): void {
        if (isReference(value) || isMultiReference(value)) this.doLink({ reference: value, container, property, index }, document);
    }

    private referencePropertiesOf(type: string): readonly string[] {
        let properties = this.referenceProperties.get(type);
        if (properties === undefined) {
            properties = Object.values(this.reflection.getTypeMetaData(type).properties)
                .filter(property => property.referenceType !== undefined)
                .map(property => property.name);
            this.referenceProperties.set(type, properties);
        }
        return properties;
    }

    override getCandidate(refInfo: ReferenceInfo): AstNodeDescription | LinkingError {
        const scope = this.scopeProvider.getScope(refInfo);
        return scope.getElement(refInfo.reference.$refText) ?? this.explainer.explain(refInfo, scope);
    }
}

import {
    type AstNode, DefaultIndexManager, type LangiumDocument, type ReferenceDescription, type Stream, type URI,
} from 'langium';
import { WeftReferenceDescriptionProvider } from './weft-reference-descriptions.js';

/**
 * Langium's index, but a document's references are described when someone first asks for them
 * (find references, rename, or the builder deciding whether another document's change affects
 * this one), not in every build: describing every reference of a big file after each keystroke
 * would delay fresh diagnostics, for nobody.
 */
export class WeftIndexManager extends DefaultIndexManager {
    /** Documents linked since their references were last described, by URI. */
    private readonly undescribed = new Map<string, LangiumDocument>();

    override async updateReferences(document: LangiumDocument): Promise<void> {
        const uri = document.uri.toString();
        this.referenceIndex.delete(uri);
        this.undescribed.set(uri, document);
    }

    override removeReferences(uri: URI): void {
        super.removeReferences(uri);
        this.undescribed.delete(uri.toString());
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        for (const uri of [...this.undescribed.keys()]) this.describe(uri);
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        this.describe(document.uri.toString());
        return super.isAffected(document, changedUris);
    }

    private describe(uri: string): void {
        const document = this.undescribed.get(uri);
        if (document === undefined) return;
        this.undescribed.delete(uri);
        const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
        const descriptions = provider instanceof WeftReferenceDescriptionProvider ? provider.describeReferences(document) : [];
        this.referenceIndex.set(uri, descriptions);
    }
}

import {
    DefaultReferenceDescriptionProvider, type LangiumCoreServices, type LangiumDocument, type ReferenceDescription,
} from 'langium';
import { allNodes } from '../helpers/ast-walk.js';
import { ReferenceWalker } from '../helpers/reference-walk.js';

/**
 * Langium's reference index entries (what find-references and rename read), made in one pass
 * over a plain array of the document's nodes that reads only reference properties. Langium's
 * loop awaits once per node, which a big file would pay after every keystroke.
 * The index asks for them only when someone needs them (see `WeftIndexManager`).
 */
export class WeftReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly references: ReferenceWalker;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.references = new ReferenceWalker(services.shared.AstReflection);
    }

    override async createDescriptions(document: LangiumDocument): Promise<ReferenceDescription[]> {
        return this.describeReferences(document);
    }

    /** The descriptions of every resolved reference of `document`. */
    describeReferences(document: LangiumDocument): ReferenceDescription[] {
        const descriptions: ReferenceDescription[] = [];
        for (const node of allNodes(document.parseResult.value)) {
            this.references.forEachReferenceOf(node, info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}

import {
    Cancellation, DefaultReferenceDescriptionProvider, interruptAndCheck, type LangiumCoreServices, type LangiumDocument,
    OperationCancelled, type ReferenceDescription,
} from 'langium';
import { allNodes } from '../helpers/ast-walk.js';
import { ReferenceWalker } from '../helpers/reference-walk.js';

/**
 * Langium's reference index entries (what find-references and rename read), made in one pass
 * over a plain array of the document's nodes that reads only reference properties. Langium's
 * loop awaits once per node, which on a 15,000-line file cost 150 ms after every keystroke.
 */
export class WeftReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly references: ReferenceWalker;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.references = new ReferenceWalker(services.shared.AstReflection);
    }

    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const nodes = allNodes(document.parseResult.value);
        for (let index = 0; index < nodes.length; index++) {
            if (index % 64 === 63) await interruptAndCheck(cancelToken);
            else if (cancelToken.isCancellationRequested) throw OperationCancelled;
            this.references.forEachReferenceOf(nodes[index]!, info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}

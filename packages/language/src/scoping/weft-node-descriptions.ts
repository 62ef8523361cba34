import {
    type AstNode, type AstNodeDescription, type AstNodeLocator, AstUtils, CstUtils, type DocumentSegment, type LangiumCoreServices,
    type LangiumDocument, type NameProvider,
} from 'langium';

/**
 * Langium's descriptions of named nodes, with their positions and path computed when first read
 * instead of when made. Linking makes one for every name it resolves (thousands of parameters
 * and steps in a big file), and only navigation, rename and the index read those fields, so a
 * check would compute them for nothing.
 */
export class WeftAstNodeDescriptionProvider {
    private readonly locator: AstNodeLocator;
    private readonly names: NameProvider;

    constructor(services: LangiumCoreServices) {
        this.locator = services.workspace.AstNodeLocator;
        this.names = services.references.NameProvider;
    }

    createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const described = name ?? this.names.getName(node);
        if (!described) throw new Error(`Node at path ${this.locator.getAstNodePath(node)} has no name.`);
        const locator = this.locator;
        const names = this.names;
        let nameSegment: DocumentSegment | undefined;
        let selectionSegment: DocumentSegment | undefined;
        let path: string | undefined;
        return {
            node,
            name: described,
            get nameSegment() {
                return nameSegment ??= CstUtils.toDocumentSegment(names.getNameNode(node) ?? node.$cstNode);
            },
            get selectionSegment() {
                return selectionSegment ??= CstUtils.toDocumentSegment(node.$cstNode);
            },
            type: node.$type,
            documentUri: (document ?? AstUtils.getDocument(node)).uri,
            get path() {
                return path ??= locator.getAstNodePath(node);
            },
        };
    }
}

import { type AstNodeDescription, type LangiumDocument, type LangiumSharedCoreServices, URI } from 'langium';
import type { BuiltinFunction, BuiltinType, WeftFile } from '../generated/ast.js';
import { isBuiltinFunction, isBuiltinType } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { BUILTINS_SOURCE, BUILTINS_URI } from './builtin-source.js';

/**
 * The built-in library as a Langium document. It is parsed once, on first use, and added to
 * the workspace's documents so that references to it resolve like any other; every scope
 * ends in it.
 */
export class WeftBuiltins {
    private readonly services: WeftServices;
    private readonly shared: LangiumSharedCoreServices;
    private cache?: {
        document: LangiumDocument<WeftFile>;
        byName: Map<string, AstNodeDescription>;
    };

    constructor(services: WeftServices) {
        this.services = services;
        this.shared = services.shared;
    }

    static readonly uri = URI.parse(BUILTINS_URI);

    get document(): LangiumDocument<WeftFile> {
        return this.load().document;
    }

    /** Descriptions of every built-in declaration, keyed by name. */
    get descriptions(): ReadonlyMap<string, AstNodeDescription> {
        return this.load().byName;
    }

    /** The built-in type named `name`, if there is one. */
    type(name: string): BuiltinType | undefined {
        const node = this.descriptions.get(name)?.node;
        return isBuiltinType(node) ? node : undefined;
    }

    /** The built-in function named `name`, if there is one. */
    function(name: string): BuiltinFunction | undefined {
        const node = this.descriptions.get(name)?.node;
        return isBuiltinFunction(node) ? node : undefined;
    }

    private load(): NonNullable<WeftBuiltins['cache']> {
        if (this.cache) return this.cache;
        const documents = this.shared.workspace.LangiumDocuments;
        let document = documents.getDocument(WeftBuiltins.uri) as LangiumDocument<WeftFile> | undefined;
        if (!document) {
            document = this.shared.workspace.LangiumDocumentFactory.fromString<WeftFile>(BUILTINS_SOURCE, WeftBuiltins.uri);
            documents.addDocument(document);
        }
        const descriptions = this.services.workspace.AstNodeDescriptionProvider;
        const byName = new Map<string, AstNodeDescription>();
        for (const declaration of document.parseResult.value.declarations) {
            byName.set(declaration.name, descriptions.createDescription(declaration, declaration.name, document));
        }
        this.cache = { document, byName };
        return this.cache;
    }
}

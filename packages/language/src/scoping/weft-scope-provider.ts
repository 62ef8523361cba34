import {
    type AstNode, type AstNodeDescription, type AstNodeDescriptionProvider, AstUtils, DocumentState, EMPTY_SCOPE,
    type LangiumDocument, type LangiumDocuments, type ReferenceInfo, type Scope, type ScopeProvider, WorkspaceCache,
} from 'langium';
import type { ForEach, Import, OnFailureStatement, Statement } from '../generated/ast.js';
import {
    isImportItem, isLetStatement, isOnFailureStatement, isPipelineDeclaration, isWeftFile, isWhenStatement,
} from '../generated/ast.js';
import type { WeftBuiltins } from '../builtins/weft-builtins.js';
import type { WeftServices } from '../weft-module.js';
import { collectDocumentImports, type DocumentImports } from './document-imports.js';
import {
    allLetsLayer, LayeredScope, letsBeforeLayer, mapLayer, type ScopeLayer, type TargetFilter,
} from './layered-scope.js';
import { blockOf, type StatementBlock, type WeftLocalSymbols } from './local-symbols.js';
import type { WeftScopeComputation } from './weft-scope-computation.js';

/** What a name in a type can stand for: types, and (as tensor dimensions) dimension variables, parameters and constants. */
const typeTargets = new Set(['TypeDeclaration', 'BuiltinType', 'TypeParameter', 'DimensionVariable', 'Parameter', 'ConstDeclaration']);
const callableTargets = new Set(['StepDeclaration', 'PipelineDeclaration']);

/** The name that stands for the failure inside an `on failure` block. */
export const FAILURE_NAME = 'failure';

/**
 * What a name can see, innermost first:
 * - in a `for v in xs => call`, `v` (in the call only);
 * - in an `on failure` block, `failure`; in any statement block, the `let`s before the
 *   statement, then those of enclosing blocks before the enclosing statement;
 * - the parameters (and dimension variables, type parameters) of the enclosing declaration;
 * - the file's top-level declarations (any order), the names it imports, the built-ins.
 * Nothing else: another file's declarations are visible only through an import, so Langium's
 * index is not a global scope here. `after a` and `on failure of a` name `let`s of their
 * block or an enclosing one, earlier or later (so that an `after` can close a cycle, which the
 * `cycle` rule reports).
 */
export class WeftScopeProvider implements ScopeProvider {
    private readonly builtins: WeftBuiltins;
    private readonly descriptions: AstNodeDescriptionProvider;
    private readonly documents: LangiumDocuments;
    private readonly scopeComputation: WeftScopeComputation;
    /** Imports depend on other documents, so they are recomputed in each build. */
    private readonly importsCache: WorkspaceCache<string, DocumentImports>;
    /** The layers of the built-ins and of each document's imports, made once (every reference's scope ends with them). */
    private builtinsLayer: ScopeLayer | undefined;
    private readonly importLayers = new WeakMap<DocumentImports, ScopeLayer>();

    constructor(services: WeftServices) {
        this.builtins = services.builtins.Builtins;
        this.descriptions = services.workspace.AstNodeDescriptionProvider;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.scopeComputation = services.references.ScopeComputation as WeftScopeComputation;
        this.importsCache = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    getScope(context: ReferenceInfo): Scope {
        const { container, property } = context;
        if (isImportItem(container)) return this.importableScope(container.$container);
        if (isOrderingReference(context)) return new LayeredScope(this.orderingLayers(container as Statement));
        return this.lexicalScope(container, targetFilterOf(container.$type, property));
    }

    /** The names visible at `node`, accepted by `filter` (all by default). */
    lexicalScope(node: AstNode, filter?: TargetFilter): LayeredScope {
        return new LayeredScope(this.lexicalLayers(node), filter);
    }

    /** The declarations `imported` can name: the top-level declarations of its file, if found. */
    importableScope(imported: Import | undefined): Scope {
        // A completion request may ask about an item that is not inside an import yet.
        if (!imported) return EMPTY_SCOPE;
        const document = AstUtils.findRootNode(imported).$document;
        const target = document && this.importsOf(document).targets.get(imported);
        if (!target) return EMPTY_SCOPE;
        return new LayeredScope([this.symbolsOf(target).declaredIn(target.parseResult.value)]);
    }

    /** What the imports of `document` bring in (recomputed once per build). */
    importsOf(document: LangiumDocument): DocumentImports {
        return this.importsCache.get(document.uri.toString(), () => {
            const root = document.parseResult.value;
            if (!isWeftFile(root)) return { targets: new Map(), names: new Map(), unresolved: new Set() };
            return collectDocumentImports(root, this.documents, this.descriptions, target => this.symbolsOf(target));
        });
    }

    symbolsOf(document: LangiumDocument): WeftLocalSymbols {
        return this.scopeComputation.localSymbolsOf(document);
    }

    /** The statement blocks around `node`, innermost first, each with the position of the statement that holds `node`. */
    enclosingBlocks(node: AstNode): { block: StatementBlock; index: number }[] {
        const blocks: { block: StatementBlock; index: number }[] = [];
        for (let child: AstNode = node, parent = node.$container; parent; child = parent, parent = parent.$container) {
            if (isPipelineDeclaration(parent) || isWhenStatement(parent) || isOnFailureStatement(parent)) {
                const position = isStatementIn(child, parent) ? blockOf(child as Statement) : undefined;
                if (position) blocks.push(position);
            }
            if (isPipelineDeclaration(parent)) break;
        }
        return blocks;
    }

    private lexicalLayers(node: AstNode): ScopeLayer[] {
        const document = AstUtils.findRootNode(node).$document;
        if (!document) return [this.builtinNames()];
        const symbols = this.symbolsOf(document);
        const layers: ScopeLayer[] = [];
        // A switch on `$type` rather than type guards: this runs for every reference of a document.
        for (let child: AstNode = node, parent = node.$container; parent; child = parent, parent = parent.$container) {
            switch (parent.$type) {
                case 'ForEach': {
                    const variable = (parent as ForEach).variable;
                    if (child === (parent as ForEach).call && variable?.name) layers.push(this.singleNameLayer(variable, variable.name, document));
                    break;
                }
                case 'WhenStatement':
                case 'OnFailureStatement':
                case 'PipelineDeclaration': {
                    const position = isStatementIn(child, parent) ? blockOf(child as Statement) : undefined;
                    const lets = position && symbols.letsOf(position.block);
                    if (lets) layers.push(letsBeforeLayer(lets, position.index));
                    if (position && parent.$type === 'OnFailureStatement') {
                        // `on failure of x as e: T` binds `e`; an untyped `on failure` binds `failure`; `on exit` binds nothing.
                        const handler = parent as OnFailureStatement;
                        const bound = handler.event === 'exit' ? undefined : handler.name ?? FAILURE_NAME;
                        if (bound !== undefined) layers.push(this.singleNameLayer(parent, bound, document));
                    }
                    if (parent.$type === 'PipelineDeclaration') layers.push(symbols.declaredIn(parent));
                    break;
                }
                case 'StepDeclaration':
                case 'TypeDeclaration':
                case 'BuiltinType':
                case 'BuiltinFunction':
                    layers.push(symbols.declaredIn(parent));
                    break;
                case 'WeftFile':
                    layers.push(symbols.declaredIn(parent), this.importedNames(document));
                    break;
            }
        }
        layers.push(this.builtinNames());
        return layers;
    }

    private builtinNames(): ScopeLayer {
        return this.builtinsLayer ??= mapLayer(this.builtins.descriptions);
    }

    private importedNames(document: LangiumDocument): ScopeLayer {
        const imports = this.importsOf(document);
        let layer = this.importLayers.get(imports);
        if (layer === undefined) this.importLayers.set(imports, layer = mapLayer(imports.names));
        return layer;
    }

    /** `after a` and `on failure of a`: every `let` of the statement's block and of the enclosing blocks. */
    private orderingLayers(statement: Statement): ScopeLayer[] {
        const document = AstUtils.findRootNode(statement).$document;
        if (!document) return [];
        const symbols = this.symbolsOf(document);
        return this.enclosingBlocks(statement)
            .map(({ block }) => symbols.letsOf(block))
            .filter(table => table !== undefined)
            .map(allLetsLayer);
    }

    private singleNameLayer(node: AstNode, name: string, document: LangiumDocument): ScopeLayer {
        let description: AstNodeDescription | undefined;
        // Made on first use: most scopes are asked about one name that is found further out.
        return {
            get: wanted => (wanted === name ? (description ??= this.descriptions.createDescription(node, name, document)) : undefined),
            all: () => [description ??= this.descriptions.createDescription(node, name, document)],
        };
    }
}

/** `LetStatement.after` and `OnFailureStatement.calls` name `let`s regardless of order. */
export function isOrderingReference(context: Pick<ReferenceInfo, 'container' | 'property'>): boolean {
    return (isLetStatement(context.container) && context.property === 'after')
        || (isOnFailureStatement(context.container) && context.property === 'calls');
}

/** Which kinds of declaration a reference may name; `undefined` filter: any named element. */
export function targetFilterOf(containerType: string, property: string): TargetFilter | undefined {
    if (containerType === 'NamedTypeExpression' && property === 'target') return description => typeTargets.has(description.type);
    if (containerType === 'StepCall' && property === 'callee') return description => callableTargets.has(description.type);
    return undefined;
}

/** True when `child` is one of the statements of a block that `owner` holds (not its condition or `of` list). */
function isStatementIn(child: AstNode, owner: AstNode): boolean {
    const property = child.$containerProperty;
    if (isPipelineDeclaration(owner)) return property === 'statements';
    if (isWhenStatement(owner)) return property === 'body' || property === 'elseBody';
    return property === 'body';
}

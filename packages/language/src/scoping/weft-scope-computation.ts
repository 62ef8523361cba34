import { type AstNode, type AstNodeDescription, DefaultScopeComputation, type LangiumDocument, type LocalSymbols, type ParseResult } from 'langium';
import type { Statement, WeftFile } from '../generated/ast.js';
import { isWeftFile } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { blocksOwnedBy, type StatementBlock, WeftLocalSymbols } from './local-symbols.js';
import { type Describe, DescribedNode } from './name-table.js';

/**
 * What a document declares. Exported (into Langium's index): its top-level declarations, which
 * only an import makes visible elsewhere (the scope provider does not use the index as a global
 * scope; the index serves "declared in ./other.weft; import it." hints). Local: per-node maps of
 * the names each declaration and statement block introduces (see {@link WeftLocalSymbols}).
 */
export class WeftScopeComputation extends DefaultScopeComputation {
    /**
     * Keyed by the parse result, so a re-parsed document gets fresh symbols (also when only
     * one declaration was re-parsed and the root stayed).
     */
    private readonly symbolsByParse = new WeakMap<ParseResult, WeftLocalSymbols>();

    constructor(services: WeftServices) {
        super(services);
    }

    override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value;
        if (!isWeftFile(root)) return [];
        // The same descriptions the file's own scope uses.
        return [...this.localSymbolsOf(document).declaredIn(root).values()];
    }

    override async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
        return this.localSymbolsOf(document);
    }

    /** The local symbols of `document`, computed once per parse (also before the scope phase, when a reference is resolved early). */
    localSymbolsOf(document: LangiumDocument): WeftLocalSymbols {
        const root = document.parseResult.value;
        let symbols = this.symbolsByParse.get(document.parseResult);
        if (!symbols) {
            symbols = new WeftLocalSymbols();
            if (isWeftFile(root)) this.collect(root, document, symbols);
            this.symbolsByParse.set(document.parseResult, symbols);
        }
        return symbols;
    }

    private collect(root: WeftFile, document: LangiumDocument, symbols: WeftLocalSymbols): void {
        const describe: Describe = (node, name) => this.descriptions.createDescription(node, name, document);
        const declare = (owner: AstNode, node: AstNode & { name?: string }): void => {
            if (node.name) symbols.declare(owner, new DescribedNode(node, node.name, describe));
        };
        for (const declaration of root.declarations ?? []) {
            declare(root, declaration);
            switch (declaration.$type) {
                case 'StepDeclaration':
                    // Dimension variables and parameters share one namespace: both are names in the step.
                    for (const dimension of declaration.dimensions ?? []) declare(declaration, dimension);
                    for (const parameter of declaration.parameters ?? []) declare(declaration, parameter);
                    break;
                case 'PipelineDeclaration':
                    for (const parameter of declaration.parameters ?? []) declare(declaration, parameter);
                    this.collectLets(declaration.statements ?? [], describe, symbols);
                    break;
                case 'BuiltinFunction':
                    for (const parameter of declaration.parameters ?? []) declare(declaration, parameter);
                    break;
                case 'TypeDeclaration':
                case 'BuiltinType':
                    for (const typeParameter of declaration.typeParameters ?? []) declare(declaration, typeParameter);
                    break;
            }
        }
    }

    private collectLets(block: StatementBlock, describe: Describe, symbols: WeftLocalSymbols): void {
        block.forEach((statement: Statement, index) => {
            if (statement.$type === 'LetStatement') {
                if (statement.name) symbols.declareLet(block, index, new DescribedNode(statement, statement.name, describe));
                return;
            }
            for (const nested of blocksOwnedBy(statement)) this.collectLets(nested, describe, symbols);
        });
    }
}

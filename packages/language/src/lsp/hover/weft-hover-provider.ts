import { type AstNode, CstUtils, type LangiumDocument, type LeafCstNode, type References } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { isBlockEntry, isEntry, isQuantityLiteral, isStepCall } from '../../generated/ast.js';
import { schemaOfEntry } from '../../helpers/member-lookup.js';
import type { WeftTypeComputer } from '../../typing/type-computer.js';
import type { WeftLspServices } from '../weft-lsp-module.js';
import { resolvedArguments } from './call-hover.js';
import { describeTarget } from './declaration-hover.js';
import { quantityHover } from './quantity-hover.js';

/**
 * Hover: for a name, what it refers to (signature, doc comment, contract, type); for a call's
 * callee, also the resolved arguments; for a quantity, its value in base units; for a member
 * key, what the member means.
 */
export class WeftHoverProvider implements HoverProvider {
    private readonly references: References;
    private readonly types: WeftTypeComputer;
    private readonly documentation: WeftLspServices['documentation']['DocumentationProvider'];

    constructor(services: WeftLspServices) {
        this.references = services.references.References;
        this.types = services.typing.TypeComputer;
        this.documentation = services.documentation.DocumentationProvider;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        if (!leaf || leaf.hidden) return undefined;
        const value = this.contentFor(leaf);
        return value ? { contents: { kind: 'markdown', value }, range: leaf.range } : undefined;
    }

    protected contentFor(leaf: LeafCstNode): string | undefined {
        const node = leaf.astNode;
        if (isQuantityLiteral(node)) return quantityHover(node, this.types);
        if ((isEntry(node) || isBlockEntry(node)) && leaf.offset === node.$cstNode?.offset) {
            const schema = schemaOfEntry(node);
            return schema ? `**${node.key}** — ${schema.description}` : undefined;
        }
        const target = this.references.findDeclarations(leaf)[0];
        if (target === undefined) return undefined;
        const description = describeTarget(target, this.documentationOf(target), this.types);
        if (description === undefined) return undefined;
        if (isStepCall(node) && node.callee?.$refNode?.offset === leaf.offset) {
            const args = resolvedArguments(node, this.types);
            return args ? `${description}\n\n${args}` : description;
        }
        return description;
    }

    private documentationOf(node: AstNode): string | undefined {
        try {
            return this.documentation.getDocumentation(node);
        } catch {
            return undefined;
        }
    }
}

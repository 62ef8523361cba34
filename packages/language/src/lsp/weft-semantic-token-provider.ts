import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { isBuiltinUri } from '../builtins/builtin-source.js';

/** The token type of a name, by what it declares or refers to. */
const tokenTypeOf: Readonly<Record<string, string>> = {
    StepDeclaration: SemanticTokenTypes.function,
    PipelineDeclaration: SemanticTokenTypes.function,
    BuiltinFunction: SemanticTokenTypes.function,
    TypeDeclaration: SemanticTokenTypes.type,
    BuiltinType: SemanticTokenTypes.type,
    ConstDeclaration: SemanticTokenTypes.variable,
    DatasetDeclaration: SemanticTokenTypes.variable,
    ModelDeclaration: SemanticTokenTypes.variable,
    TargetDeclaration: SemanticTokenTypes.namespace,
    Pool: SemanticTokenTypes.namespace,
    Parameter: SemanticTokenTypes.parameter,
    Output: SemanticTokenTypes.property,
    LetStatement: SemanticTokenTypes.variable,
    LoopVariable: SemanticTokenTypes.variable,
    OnFailureStatement: SemanticTokenTypes.variable,
    DimensionVariable: SemanticTokenTypes.typeParameter,
    TypeParameter: SemanticTokenTypes.typeParameter,
};

const readonlyKinds = new Set(['ConstDeclaration', 'DatasetDeclaration', 'ModelDeclaration']);

/**
 * Semantic tokens: declared names (with the `declaration` modifier), references coloured by what
 * they resolve to, member keys and record fields as properties. What TextMate cannot know.
 */
export class WeftSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const named = node as AstNode & { name?: unknown };
        switch (node.$type) {
            case 'NameReference':
            case 'NamedTypeExpression':
                this.reference(node, 'target', acceptor);
                return;
            case 'StepCall':
                this.reference(node, 'callee', acceptor);
                return;
            case 'ImportItem':
                this.reference(node, 'declaration', acceptor);
                return;
            case 'Entry':
            case 'BlockEntry':
                acceptor({ node, property: 'key', type: SemanticTokenTypes.property });
                return;
            case 'RecordField':
            case 'RecordLiteralField':
                acceptor({ node, property: 'name', type: SemanticTokenTypes.property });
                return;
            case 'MemberAccess':
                acceptor({ node, property: 'member', type: SemanticTokenTypes.property });
                return;
            case 'Argument':
                if (typeof named.name === 'string') acceptor({ node, property: 'name', type: SemanticTokenTypes.parameter });
                return;
            case 'QuantityLiteral':
                acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
                return;
        }
        const type = tokenTypeOf[node.$type];
        if (type !== undefined && typeof named.name === 'string' && node.$type !== 'OnFailureStatement') {
            const modifier = readonlyKinds.has(node.$type)
                ? [SemanticTokenModifiers.declaration, SemanticTokenModifiers.readonly] : [SemanticTokenModifiers.declaration];
            acceptor({ node, property: 'name', type, modifier });
        }
    }

    private reference(node: AstNode, property: string, acceptor: SemanticTokenAcceptor): void {
        const reference = (node as unknown as Record<string, { ref?: AstNode } | undefined>)[property];
        const target = reference?.ref;
        if (target === undefined) return;
        const type = tokenTypeOf[target.$type];
        if (type === undefined) return;
        const modifier = readonlyKinds.has(target.$type) ? [SemanticTokenModifiers.readonly] : [];
        if (target.$document !== undefined && isBuiltinUri(target.$document.uri)) modifier.push(SemanticTokenModifiers.defaultLibrary);
        acceptor({ node, property: property as never, type, modifier });
    }
}

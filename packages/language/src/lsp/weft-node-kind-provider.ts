import { type AstNode, type AstNodeDescription, isAstNode } from 'langium';
import { DefaultNodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

/** Symbol and completion kinds for the outline, workspace symbols and completion. */
export class WeftNodeKindProvider extends DefaultNodeKindProvider {
    override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        switch (typeOf(node)) {
            case 'StepDeclaration': return SymbolKind.Function;
            case 'PipelineDeclaration': return SymbolKind.Module;
            case 'TypeDeclaration':
            case 'BuiltinType': return SymbolKind.Interface;
            case 'ConstDeclaration': return SymbolKind.Constant;
            case 'DatasetDeclaration':
            case 'ModelDeclaration': return SymbolKind.Object;
            case 'TargetDeclaration': return SymbolKind.Namespace;
            case 'Pool': return SymbolKind.Struct;
            case 'Parameter':
            case 'LoopVariable': return SymbolKind.Variable;
            case 'Output': return SymbolKind.Property;
            case 'LetStatement': return SymbolKind.Variable;
            case 'DimensionVariable':
            case 'TypeParameter': return SymbolKind.TypeParameter;
            case 'BuiltinFunction': return SymbolKind.Function;
            default: return super.getSymbolKind(node);
        }
    }

    override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        switch (typeOf(node)) {
            case 'StepDeclaration':
            case 'BuiltinFunction': return CompletionItemKind.Function;
            case 'PipelineDeclaration': return CompletionItemKind.Module;
            case 'TypeDeclaration':
            case 'BuiltinType': return CompletionItemKind.Interface;
            case 'ConstDeclaration': return CompletionItemKind.Constant;
            case 'DatasetDeclaration':
            case 'ModelDeclaration': return CompletionItemKind.Value;
            case 'TargetDeclaration': return CompletionItemKind.Module;
            case 'DimensionVariable':
            case 'TypeParameter': return CompletionItemKind.TypeParameter;
            case 'Output': return CompletionItemKind.Field;
            default: return CompletionItemKind.Variable;
        }
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return isAstNode(node) ? node.$type : node.type;
}

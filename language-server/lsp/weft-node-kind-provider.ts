// Symbol and completion-item kinds of Weft declarations, for the outline, workspace symbols and
// completion: workflows are classes, types structs, nodes functions, inputs and vars variables,
// secrets keys, connectors interfaces. A shared Langium service; no AST traversal.
import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import { isNodeType } from './node-descriptions.js';

const SYMBOL_KINDS: Record<string, SymbolKind> = {
    Workflow: SymbolKind.Class,
    TypeDeclaration: SymbolKind.Struct,
    TypeField: SymbolKind.Field,
    Connector: SymbolKind.Interface,
    InputDeclaration: SymbolKind.Variable,
    OutputDeclaration: SymbolKind.Property,
    VarDeclaration: SymbolKind.Variable,
    SecretDeclaration: SymbolKind.Key,
    Trigger: SymbolKind.Event,
    LambdaParameter: SymbolKind.TypeParameter,
    ForeachItem: SymbolKind.Variable,
};

const COMPLETION_KINDS: Record<string, CompletionItemKind> = {
    Workflow: CompletionItemKind.Class,
    TypeDeclaration: CompletionItemKind.Struct,
    TypeField: CompletionItemKind.Field,
    Connector: CompletionItemKind.Interface,
    InputDeclaration: CompletionItemKind.Variable,
    OutputDeclaration: CompletionItemKind.Property,
    VarDeclaration: CompletionItemKind.Variable,
    SecretDeclaration: CompletionItemKind.Constant,
    LambdaParameter: CompletionItemKind.Variable,
    ForeachItem: CompletionItemKind.Variable,
};

function typeOf(node: AstNode | AstNodeDescription): string {
    return 'type' in node && typeof node.type === 'string' && !('$type' in node) ? node.type : (node as AstNode).$type;
}

export class WeftNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        const type = typeOf(node);
        return SYMBOL_KINDS[type] ?? (isNodeType(type) ? SymbolKind.Function : SymbolKind.Field);
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        const type = typeOf(node);
        return COMPLETION_KINDS[type] ?? (isNodeType(type) ? CompletionItemKind.Function : CompletionItemKind.Reference);
    }
}

// Workspace symbols (Go to Symbol in Workspace) for Weft: the top-level types, connectors and
// workflows Langium indexes, plus every node of every workflow in the loaded files (with its
// workflow as container), so `charge` finds the task wherever it is declared.
import type { LangiumDocuments } from 'langium';
import { AstUtils, GrammarUtils } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DefaultWorkspaceSymbolProvider } from 'langium/lsp';
import type { WorkspaceSymbol, WorkspaceSymbolParams } from 'vscode-languageserver';
import { isWorkflow } from '../generated/ast.js';
import { isNodeType } from './node-descriptions.js';

export class WeftWorkspaceSymbolProvider extends DefaultWorkspaceSymbolProvider {
    protected readonly documents: LangiumDocuments;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.documents = services.workspace.LangiumDocuments;
    }

    override async getSymbols(params: WorkspaceSymbolParams): Promise<WorkspaceSymbol[]> {
        const symbols = await super.getSymbols(params);
        for (const document of this.documents.all) {
            if (!document.uri.path.endsWith('.weft')) continue;
            for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
                const name = (node as { name?: unknown }).name;
                if (!isNodeType(node.$type) || typeof name !== 'string' || !this.fuzzyMatcher.match(params.query, name)) continue;
                const nameNode = node.$cstNode ? GrammarUtils.findNodeForProperty(node.$cstNode, 'name') : undefined;
                if (!nameNode) continue;
                symbols.push({
                    name,
                    kind: this.nodeKindProvider.getSymbolKind(node),
                    containerName: AstUtils.getContainerOfType(node, isWorkflow)?.name,
                    location: { uri: document.uri.toString(), range: nameNode.range },
                });
            }
        }
        return symbols;
    }
}

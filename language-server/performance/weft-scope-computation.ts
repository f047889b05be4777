// Performance: Langium's local-symbol collection over the cached node list of the document
// (document-nodes.ts) instead of re-streaming the AST; what is collected is Langium's default.
import type { LangiumDocument, LocalSymbols, AstNodeDescription, AstNode } from 'langium';
import { Cancellation, DefaultScopeComputation, MultiMap } from 'langium';
import { documentNodes } from './document-nodes.js';
import { checkEvery } from './interruption.js';

export class WeftScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const { nodes } = documentNodes(document.parseResult.value);
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        // nodes[0] is the root, which streamAllContents leaves out.
        for (let i = 1; i < nodes.length; i++) {
            const pause = checkEvery(i, cancelToken);
            if (pause) await pause;
            this.addLocalSymbol(nodes[i], document, symbols);
        }
        return symbols;
    }
}

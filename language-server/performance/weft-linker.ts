// Performance: Langium's linker over the cached reference list of the document
// (document-nodes.ts) instead of re-streaming the AST; the linking itself is Langium's.
import type { LangiumDocument } from 'langium';
import { Cancellation, DefaultLinker } from 'langium';
import { documentNodes } from './document-nodes.js';
import { checkEvery } from './interruption.js';

export class WeftLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const { references } = documentNodes(document.parseResult.value);
        for (let i = 0; i < references.length; i++) {
            const pause = checkEvery(i, cancelToken);
            if (pause) await pause;
            this.doLink(references[i], document);
        }
    }
}

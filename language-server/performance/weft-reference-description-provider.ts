// Performance: the reference index entries of a document from the cached reference list
// (document-nodes.ts) instead of re-streaming the AST; each entry is Langium's default.
import type { LangiumDocument, ReferenceDescription } from 'langium';
import { Cancellation, DefaultReferenceDescriptionProvider } from 'langium';
import { documentNodes } from './document-nodes.js';
import { checkEvery } from './interruption.js';

export class WeftReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const { references } = documentNodes(document.parseResult.value);
        for (let i = 0; i < references.length; i++) {
            await checkEvery(i, cancelToken);
            const info = references[i];
            if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
        }
        return descriptions;
    }
}

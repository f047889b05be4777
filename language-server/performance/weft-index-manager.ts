// Performance: Langium's index manager, for a reference index that holds only references between
// documents (weft-reference-description-provider.ts). The uses of a node inside its own document
// are described when find references or rename asks for them, so a build keeps no description
// per local reference; the answers are the same descriptions, in the same order, as Langium's.
import type { AstNode, LangiumDocument, ReferenceDescription, Stream } from 'langium';
import { AstUtils, DefaultIndexManager, stream, UriUtils } from 'langium';
import { WeftReferenceDescriptionProvider } from './weft-reference-description-provider.js';

export class WeftIndexManager extends DefaultIndexManager {
    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        const targetDocument = AstUtils.getDocument(targetNode);
        const targetUri = targetDocument.uri;
        const targetKey = targetUri.toString();
        const result: ReferenceDescription[] = [];
        for (const [uri, descriptions] of this.referenceIndex) {
            // The target's own document: its references to the target were not stored; describe them now.
            if (uri === targetKey) result.push(...this.localReferences(targetDocument, astNodePath));
            for (const description of descriptions) {
                if (description.targetPath === astNodePath && UriUtils.equals(description.targetUri, targetUri)) result.push(description);
            }
        }
        return stream(result);
    }

    /** The references inside `document` to its node at `astNodePath` (none when the path names no node). */
    protected localReferences(document: LangiumDocument, astNodePath: string): ReferenceDescription[] {
        const services = this.serviceRegistry.getServices(document.uri);
        const provider = services.workspace.ReferenceDescriptionProvider;
        if (!(provider instanceof WeftReferenceDescriptionProvider)) return [];
        const target = services.workspace.AstNodeLocator.getAstNode(document.parseResult.value, astNodePath);
        return target ? provider.localDescriptionsTo(document, target) : [];
    }
}

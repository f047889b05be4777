// Performance: the reference index keeps only references that cross documents (an import's
// workflow, type or connector); references inside a document are described on demand, when find
// references or rename asks for the uses of one node (weft-index-manager.ts). Each description
// is Langium's default; the walk is the cached reference list (document-nodes.ts).
import type { AstNode, LangiumDocument, ReferenceDescription, ReferenceInfo, URI } from 'langium';
import { Cancellation, CstUtils, DefaultReferenceDescriptionProvider, isMultiReference, isReference, UriUtils } from 'langium';
import { documentNodes } from './document-nodes.js';
import { checkEvery } from './interruption.js';

export class WeftReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    /** The descriptions of the document's resolved references whose target lies in another document. */
    override async createDescriptions(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const { references } = documentNodes(document.parseResult.value);
        const uri = document.uri;
        for (let i = 0; i < references.length; i++) {
            const pause = checkEvery(i, cancelToken);
            if (pause) await pause;
            const info = references[i];
            if (!info.reference.error && targetsOtherDocument(info, uri)) {
                for (const description of this.createInfoDescriptions(info)) if (!description.local) descriptions.push(description);
            }
        }
        return descriptions;
    }

    /**
     * The descriptions of the references of `document` that resolve to `target`, a node of the same
     * document, in document order: what Langium's index would hold for them (`local: true`).
     */
    localDescriptionsTo(document: LangiumDocument, target: AstNode): ReferenceDescription[] {
        const descriptions: ReferenceDescription[] = [];
        const uri = document.uri;
        let targetPath: string | undefined;
        for (const info of documentNodes(document.parseResult.value).references) {
            const reference = info.reference;
            if (reference.error || !reference.$refNode || !resolvesTo(info, target)) continue;
            descriptions.push({
                sourceUri: uri,
                sourcePath: this.nodeLocator.getAstNodePath(info.container),
                targetUri: uri,
                targetPath: targetPath ??= this.nodeLocator.getAstNodePath(target),
                segment: CstUtils.toDocumentSegment(reference.$refNode),
                local: true,
            });
        }
        return descriptions;
    }
}

/** Whether some target of a linked reference is described as lying outside `uri`'s document. */
function targetsOtherDocument(info: ReferenceInfo, uri: URI): boolean {
    const reference = info.reference;
    if (isReference(reference)) {
        const description = reference.$nodeDescription;
        return description !== undefined && description.documentUri !== uri && !UriUtils.equals(description.documentUri, uri);
    }
    return isMultiReference(reference) && reference.items.some(item => item.$nodeDescription && !UriUtils.equals(item.$nodeDescription.documentUri, uri));
}

/** Whether a linked reference resolves to `target` (without linking it: only already linked results count). */
function resolvesTo(info: ReferenceInfo, target: AstNode): boolean {
    const reference = info.reference;
    if (isReference(reference)) return reference.$nodeDescription !== undefined && reference.ref === target;
    return isMultiReference(reference) && reference.items.some(item => item.ref === target);
}

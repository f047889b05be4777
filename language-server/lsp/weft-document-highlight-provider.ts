// Document highlights in Weft: Langium's (a name's declaration and uses in the file) plus, for a
// type field, its declaration and the member accesses in this file that read it.
import type { LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import { DefaultDocumentHighlightProvider } from 'langium/lsp';
import type { DocumentHighlight, DocumentHighlightParams } from 'vscode-languageserver';
import { DocumentHighlightKind } from 'vscode-languageserver';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { fieldAt, memberAccessesOf, memberNameNode } from './member-references.js';

export class WeftDocumentHighlightProvider extends DefaultDocumentHighlightProvider {
    protected readonly types: WeftTypeInferrer;
    protected readonly documents: LangiumDocuments;

    constructor(services: WeftServices) {
        super(services);
        this.types = services.types.TypeInferrer;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override getDocumentHighlight(document: LangiumDocument, params: DocumentHighlightParams) {
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position)) : undefined;
        const field = leaf ? fieldAt(leaf, this.types) : undefined;
        if (!field) return super.getDocumentHighlight(document, params);
        const uri = document.uri.toString();
        const highlights: DocumentHighlight[] = [];
        const name = field.$cstNode ? GrammarUtils.findNodeForProperty(field.$cstNode, 'name') : undefined;
        if (name && AstUtils.getDocument(field).uri.toString() === uri) highlights.push({ range: name.range, kind: DocumentHighlightKind.Write });
        for (const access of memberAccessesOf(field, this.documents, this.types)) {
            const node = memberNameNode(access);
            if (node && AstUtils.getDocument(access).uri.toString() === uri) highlights.push({ range: node.range, kind: DocumentHighlightKind.Read });
        }
        return highlights;
    }
}

// Find references in Weft: Langium's cross-references across the workspace, plus the member
// accesses that read a type field (`order.total` for field `total`), resolved by the type
// inferrer; works from the field's name or from any access to it.
import type { LangiumDocument, LangiumDocuments, LeafCstNode } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import { DefaultReferencesProvider } from 'langium/lsp';
import type { Location, ReferenceParams } from 'vscode-languageserver';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { isInputDeclaration, isObjectEntry } from '../generated/ast.js';
import { leafFeature } from './leaf-feature.js';
import { fieldAt, memberAccessesOf, memberNameNode } from './member-references.js';
import { entriesForInput, entryKeyNode, inputForEntry } from './sub-workflow-inputs.js';

export class WeftReferencesProvider extends DefaultReferencesProvider {
    protected readonly types: WeftTypeInferrer;
    protected readonly documents: LangiumDocuments;

    constructor(services: WeftServices) {
        super(services);
        this.types = services.types.TypeInferrer;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams): Location[] | Promise<Location[]> {
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position)) : undefined;
        const field = leaf ? fieldAt(leaf, this.types) : undefined;
        if (!field) return this.withInputKeys(document, params, leaf);
        const locations: Location[] = [];
        const name = field.$cstNode ? GrammarUtils.findNodeForProperty(field.$cstNode, 'name') : undefined;
        if (params.context.includeDeclaration && name) {
            locations.push({ uri: AstUtils.getDocument(field).uri.toString(), range: name.range });
        }
        for (const access of memberAccessesOf(field, this.documents, this.types)) {
            const node = memberNameNode(access);
            if (node) locations.push({ uri: AstUtils.getDocument(access).uri.toString(), range: node.range });
        }
        return locations;
    }

    /** Langium's references, plus the `with` keys of sub-workflow calls when the target is an input. */
    protected async withInputKeys(document: LangiumDocument, params: ReferenceParams, leaf: LeafCstNode | undefined): Promise<Location[]> {
        const entryInput = leaf && isObjectEntry(leaf.astNode) && leafFeature(leaf) !== undefined ? inputForEntry(leaf.astNode) : undefined;
        const input = entryInput ?? (leaf ? this.references.findDeclarations(leaf).find(isInputDeclaration) : undefined);
        if (!input) return super.findReferences(document, params);
        const inputDocument = AstUtils.getDocument(input);
        const name = input.$cstNode ? GrammarUtils.findNodeForProperty(input.$cstNode, 'name') : undefined;
        const locations: Location[] = name
            ? await super.findReferences(inputDocument, { ...params, textDocument: { uri: inputDocument.uri.toString() }, position: name.range.start })
            : [];
        for (const entry of entriesForInput(input, this.documents)) {
            const key = entryKeyNode(entry);
            if (key) locations.push({ uri: AstUtils.getDocument(entry).uri.toString(), range: key.range });
        }
        return locations;
    }
}

// Go to definition in Weft: Langium's cross-references (names, types and connectors imported
// from other files, sub-workflows, compensate targets) plus `import "./x.weft"` -> that file
// and a member access `order.total` -> the field `total` of the declared type.
import type { LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { DefinitionParams, LocationLink } from 'vscode-languageserver';
import { DefaultDefinitionProvider } from 'langium/lsp';
import { isImport, isObjectEntry } from '../generated/ast.js';
import type { ImportResolver } from '../scope/import-resolver.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { leafFeature } from './leaf-feature.js';
import { fieldAt } from './member-references.js';
import { inputForEntry } from './sub-workflow-inputs.js';

export class WeftDefinitionProvider extends DefaultDefinitionProvider {
    protected readonly types: WeftTypeInferrer;
    protected readonly imports: ImportResolver;
    protected readonly documents: LangiumDocuments;

    constructor(services: WeftServices) {
        super(services);
        this.types = services.types.TypeInferrer;
        this.imports = services.references.ImportResolver;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override getDefinition(document: LangiumDocument, params: DefinitionParams): LocationLink[] | undefined | Promise<LocationLink[] | undefined> {
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position)) : undefined;
        if (!leaf) return undefined;
        if (isImport(leaf.astNode)) {
            const uri = this.imports.resolveImport(leaf.astNode);
            const target = this.documents.getDocument(uri);
            const start = { line: 0, character: 0 };
            const end = target ? target.textDocument.positionAt(target.textDocument.getText().length) : start;
            return [{ originSelectionRange: leaf.range, targetUri: uri.toString(), targetRange: { start, end }, targetSelectionRange: { start, end: start } }];
        }
        const field = fieldAt(leaf, this.types);
        if (field && field.$cstNode && field.$cstNode !== leaf.container) {
            const name = GrammarUtils.findNodeForProperty(field.$cstNode, 'name') ?? field.$cstNode;
            const targetDocument = field.$cstNode.root.astNode.$document;
            if (targetDocument) {
                return [{ originSelectionRange: leaf.range, targetUri: targetDocument.uri.toString(), targetRange: field.$cstNode.range, targetSelectionRange: name.range }];
            }
        }
        const input = isObjectEntry(leaf.astNode) && leafFeature(leaf) !== undefined ? inputForEntry(leaf.astNode) : undefined;
        const inputName = input?.$cstNode ? GrammarUtils.findNodeForProperty(input.$cstNode, 'name') : undefined;
        if (input && inputName) {
            return [{ originSelectionRange: leaf.range, targetUri: AstUtils.getDocument(input).uri.toString(), targetRange: input.$cstNode!.range, targetSelectionRange: inputName.range }];
        }
        return super.getDefinition(document, params);
    }
}

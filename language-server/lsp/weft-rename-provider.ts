// Rename in Weft, across files: Langium's reference-based rename, refusing (with a message the
// editor shows) anything that is not a valid name, Weft keywords, and names already declared
// beside the renamed one; a type field is renamed with every member access that reads it.
import type { AstNode, LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import type { RenameParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { InputDeclaration } from '../generated/ast.js';
import { isInputDeclaration, isObjectEntry, isTypeField, isWorkflow } from '../generated/ast.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { fieldAt, memberAccessesOf, memberNameNode } from './member-references.js';
import { entriesForInput, entryKeyNode, inputForEntry } from './sub-workflow-inputs.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` cannot be a Weft name, or undefined when it can. */
export function invalidNameReason(name: string, keywords: ReadonlySet<string>): string | undefined {
    if (!NAME.test(name)) return `'${name}' is not a valid Weft name: use letters, digits and _, not starting with a digit`;
    if (keywords.has(name)) return `'${name}' is a Weft keyword and cannot be used as a name`;
    return undefined;
}

export class WeftRenameProvider extends DefaultRenameProvider {
    protected readonly types: WeftTypeInferrer;
    protected readonly documents: LangiumDocuments;
    protected readonly keywords: ReadonlySet<string>;

    constructor(services: WeftServices) {
        super(services);
        this.types = services.types.TypeInferrer;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.keywords = new Set(AstUtils.streamAllContents(services.Grammar)
            .filter(GrammarAST.isKeyword).map(k => k.value).filter(v => NAME.test(v)).toArray());
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const reason = invalidNameReason(params.newName, this.keywords);
        if (reason) throw new ResponseError(ErrorCodes.InvalidParams, reason);
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position)) : undefined;
        const field = leaf ? fieldAt(leaf, this.types) : undefined;
        if (field) return this.renameField(field, params.newName);
        // A `with` key of a sub-workflow call renames the input it names.
        const keyInput = leaf && isObjectEntry(leaf.astNode) ? inputForEntry(leaf.astNode) : undefined;
        const keyInputName = keyInput?.$cstNode ? GrammarUtils.findNodeForProperty(keyInput.$cstNode, 'name') : undefined;
        if (keyInput && keyInputName) {
            const inputDocument = AstUtils.getDocument(keyInput);
            return this.rename(inputDocument, { ...params, textDocument: { uri: inputDocument.uri.toString() }, position: keyInputName.range.start });
        }
        const target = leaf ? this.declarationAt(document, params) : undefined;
        if (target) {
            const clash = this.siblingNamed(target, params.newName);
            if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is already declared in ${this.scopeName(target)}`);
        }
        const edit = await super.rename(document, params);
        if (isInputDeclaration(target)) this.addWithKeys(edit, target, params.newName);
        return edit;
    }

    /** Renames the `with` keys of the sub-workflow calls that give this input. */
    protected addWithKeys(edit: WorkspaceEdit | undefined, input: InputDeclaration, newName: string): void {
        if (!edit) return;
        const changes = (edit.changes ??= {});
        for (const entry of entriesForInput(input, this.documents)) {
            const key = entryKeyNode(entry);
            if (!key) continue;
            const uri = AstUtils.getDocument(entry).uri.toString();
            (changes[uri] ??= []).push({ range: key.range, newText: entry.key !== undefined ? newName : JSON.stringify(newName) });
        }
    }

    /** The declaration renamed at the cursor: the declared node or a reference's target. */
    protected declarationAt(document: LangiumDocument, params: RenameParams): AstNode | undefined {
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findDeclarationNodeAtOffset(document.parseResult.value.$cstNode, offset, this.grammarConfig.nameRegexp);
        if (!leaf) return undefined;
        return this.references.findDeclarations(leaf)[0];
    }

    /** Another declaration with `name` in the namespace of `target` (its workflow, or the file). */
    protected siblingNamed(target: AstNode, name: string): AstNode | undefined {
        if (isTypeField(target)) return target.$container.fields.find(f => f !== target && f.name === name);
        const workflow = AstUtils.getContainerOfType(target.$container, isWorkflow);
        const scope: AstNode | undefined = workflow ?? AstUtils.findRootNode(target);
        if (!scope) return undefined;
        for (const node of AstUtils.streamAllContents(scope)) {
            if (node === target || (workflow === undefined && node.$container !== scope)) continue;
            if ((node as { name?: unknown }).name === name && GrammarUtils.findNodeForProperty(node.$cstNode, 'name')) return node;
        }
        return undefined;
    }

    protected scopeName(target: AstNode): string {
        const workflow = AstUtils.getContainerOfType(target.$container, isWorkflow);
        return workflow ? `workflow ${workflow.name}` : 'this file';
    }

    protected renameField(field: AstNode & { name: string }, newName: string): WorkspaceEdit {
        const changes: Record<string, TextEdit[]> = {};
        const add = (node: AstNode, range: TextEdit['range']) => {
            const uri = AstUtils.getDocument(node).uri.toString();
            (changes[uri] ??= []).push({ range, newText: newName });
        };
        if (isTypeField(field)) {
            const clash = field.$container.fields.find(f => f !== field && f.name === newName);
            if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is already a field of this type`);
            const name = field.$cstNode ? GrammarUtils.findNodeForProperty(field.$cstNode, 'name') : undefined;
            if (name) add(field, name.range);
            for (const access of memberAccessesOf(field, this.documents, this.types)) {
                const node = memberNameNode(access);
                if (node) add(access, node.range);
            }
        }
        return { changes };
    }
}

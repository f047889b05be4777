// The outline of a Weft file: types with their fields, connectors, workflows with their inputs,
// outputs, vars, secrets, triggers, connectors and nodes (foreach/region nodes nest their inner
// nodes). Edges and options are not symbols. Reads the AST; never fails on partial documents.
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { DocumentSymbolProvider, NodeKindProvider } from 'langium/lsp';
import type { DocumentSymbol, DocumentSymbolParams } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import type { Connector, GraphMember, Model, TypeDeclaration, TypeField, Workflow } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { declarationRole, isNodeType, nodeKindText } from './node-descriptions.js';

export class DefaultWeftDocumentSymbolProvider implements DocumentSymbolProvider {
    protected readonly kinds: NodeKindProvider;

    constructor(services: WeftServices) {
        this.kinds = services.shared.lsp.NodeKindProvider;
    }

    getSymbols(document: LangiumDocument, _params?: DocumentSymbolParams): DocumentSymbol[] {
        const model = document.parseResult.value as Model;
        return (model.declarations ?? []).flatMap(d => this.declarationSymbol(d));
    }

    protected declarationSymbol(node: AstNode): DocumentSymbol[] {
        switch (node.$type) {
            case 'TypeDeclaration': {
                const type = node as TypeDeclaration;
                const fields = type.body?.fields ?? [];
                return this.symbol(type, type.name, 'type', fields.flatMap(f => this.fieldSymbol(f)));
            }
            case 'Connector': return this.symbol(node, (node as Connector).name, `connector: ${(node as Connector).kind ?? ''}`);
            case 'Workflow': return this.symbol(node, (node as Workflow).name, 'workflow', this.workflowChildren(node as Workflow));
        }
        return [];
    }

    protected fieldSymbol(field: TypeField): DocumentSymbol[] {
        return this.symbol(field, field.name, field.type?.$cstNode?.text ?? '');
    }

    protected workflowChildren(workflow: Workflow): DocumentSymbol[] {
        const result: DocumentSymbol[] = [];
        for (const member of workflow.members ?? []) {
            switch (member.$type) {
                case 'InputDeclaration':
                case 'OutputDeclaration':
                case 'VarDeclaration': {
                    const type = 'type' in member ? member.type?.$cstNode?.text : undefined;
                    result.push(...this.symbol(member, member.name, `${declarationRole(member)}${type ? `: ${type}` : ''}`));
                    break;
                }
                case 'SecretDeclaration': result.push(...this.symbol(member, member.name, 'secret')); break;
                case 'Connector': result.push(...this.symbol(member, member.name, `connector: ${member.kind ?? ''}`)); break;
                case 'Trigger': {
                    const detail = member.kind === 'webhook' ? `${member.method ?? ''} ${member.path ?? ''}`
                        : member.kind === 'schedule' ? member.cron ?? '' : member.kind === 'event' ? member.eventType ?? '' : '';
                    result.push(...this.symbol(member, `trigger ${member.kind ?? ''}`, detail, [], true));
                    break;
                }
                default: result.push(...this.graphSymbols(member as GraphMember));
            }
        }
        return result;
    }

    protected graphSymbols(member: GraphMember): DocumentSymbol[] {
        if (!isNodeType(member.$type)) return [];
        const node = member as Exclude<GraphMember, { $type: 'EdgeChain' }>;
        const inner = 'members' in node ? (node.members ?? []).flatMap(m => this.graphSymbols(m)) : [];
        return this.symbol(node, node.name, nodeKindText(node), inner);
    }

    /** One symbol for `node`, selected on its name (or its first token when it has none). */
    protected symbol(node: AstNode, name: string | undefined, detail: string, children: DocumentSymbol[] = [], unnamed = false): DocumentSymbol[] {
        const cst = node.$cstNode;
        if (!cst || (!name && !unnamed)) return [];
        const nameNode: CstNode = (unnamed ? undefined : GrammarUtils.findNodeForProperty(cst, 'name')) ?? cst;
        return [{
            name: name || node.$type,
            detail,
            kind: this.kinds.getSymbolKind(node) ?? SymbolKind.Field,
            range: cst.range,
            selectionRange: nameNode.range,
            children: children.length > 0 ? children : undefined,
        }];
    }
}

// Hover in Weft files: the declaration and doc comment of what a name refers to (also across
// imports), the type of inputs, vars, node results, members and context words, stdlib
// signatures, node kinds with their result, and the effective schedule of a retry clause.
import type { AstNode, LangiumDocument, LeafCstNode } from 'langium';
import { CstUtils } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type * as ast from '../generated/ast.js';
import { isNode, isRetryOption } from '../generated/ast.js';
import type { ImportResolver } from '../scope/import-resolver.js';
import type { StdlibSignature } from '../types/stdlib-signatures.js';
import { findStdlibSignature } from '../types/stdlib-signatures.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { codeBlock, declarationLine, documentationOf } from './declaration-text.js';
import { CLAUSE_DOCS, NODE_KIND_DOCS, nodeKindText } from './node-descriptions.js';
import { describeRetry } from './retry-schedule.js';
import { leafFeature } from './leaf-feature.js';
import { inputForEntry } from './sub-workflow-inputs.js';

const NODE_KEYWORDS = new Set(['task', 'ai', 'approval', 'wait', 'listen', 'emit', 'set', 'join', 'fork', 'fail', 'terminate', 'foreach', 'region']);
const CONTEXT_DOCS: Record<string, string> = {
    result: 'The result of the node whose block this is.',
    event: 'The event this `where`/`correlate` filters (CloudEvents shape).',
    trigger: 'How the run started.',
};

/** Markdown for a standard-library function: signature and documentation. */
export function stdlibMarkdown(signature: StdlibSignature): string {
    return [codeBlock(signature.signature), signature.doc].filter(Boolean).join('\n\n');
}

export class WeftHoverProvider implements HoverProvider {
    protected readonly types: WeftTypeInferrer;
    protected readonly imports: ImportResolver;

    constructor(services: WeftServices) {
        this.types = services.types.TypeInferrer;
        this.imports = services.references.ImportResolver;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf || leaf.hidden) return undefined;
        const markdown = this.markdownFor(leaf);
        return markdown ? { contents: { kind: 'markdown', value: markdown }, range: leaf.range } : undefined;
    }

    protected markdownFor(leaf: LeafCstNode): string | undefined {
        const node = leaf.astNode;
        const feature = leafFeature(leaf);
        switch (node.$type) {
            case 'Import': return this.importMarkdown(node as ast.Import);
            case 'ReferenceExpression': return this.declarationMarkdown((node as ast.ReferenceExpression).target?.ref);
            case 'EdgeEndpoint': return this.declarationMarkdown((node as ast.EdgeEndpoint).node?.ref)
                ?? ((node as ast.EdgeEndpoint).builtin ? `\`${(node as ast.EdgeEndpoint).builtin}\`: the implicit ${(node as ast.EdgeEndpoint).builtin} of every graph.` : undefined);
            case 'NamedType': return this.declarationMarkdown((node as ast.NamedType).type?.ref);
            case 'Assignment': if (feature === 'target') return this.declarationMarkdown((node as ast.Assignment).target?.ref); break;
            case 'CompensateOption': if (feature === 'target') return this.declarationMarkdown((node as ast.CompensateOption).target?.ref); break;
            case 'WorkflowTarget': if (feature === 'workflow') return this.declarationMarkdown((node as ast.WorkflowTarget).workflow?.ref); break;
            case 'ConnectorTarget': if (feature === 'connector') return this.declarationMarkdown((node as ast.ConnectorTarget).connector?.ref); break;
            case 'CallExpression': {
                const signature = findStdlibSignature((node as ast.CallExpression).callee);
                if (signature && feature === 'callee') return stdlibMarkdown(signature);
                break;
            }
            case 'MemberExpression': if (feature === 'member') return this.memberMarkdown(node as ast.MemberExpression); break;
            case 'ObjectEntry': if (feature === 'key' || feature === 'quotedKey') return this.declarationMarkdown(inputForEntry(node as ast.ObjectEntry)); break;
            case 'ContextExpression': {
                const word = (node as ast.ContextExpression).keyword;
                const type = this.types.inferType(node as ast.ContextExpression);
                return [codeBlock(`${word}: ${this.types.printType(type)}`), CONTEXT_DOCS[word]].join('\n\n');
            }
        }
        if (feature === 'name') return this.declarationMarkdown(node);
        if (isNode(node) && NODE_KEYWORDS.has(leaf.text) && leaf.tokenType.name === leaf.text) return this.nodeKindMarkdown(node);
        const retry = isRetryOption(node) ? node : undefined;
        if (retry) return `**Retry schedule:** ${describeRetry(retry)}`;
        const clause = CLAUSE_DOCS[node.$type];
        if (clause && leaf.tokenType.name === leaf.text) return clause;
        return undefined;
    }

    protected importMarkdown(node: ast.Import): string {
        const uri = this.imports.resolveImport(node);
        return `Imports the top-level types, connectors and workflows of \`${uri.path}\`.`;
    }

    /** The declaration line, its doc comment and its type or result. */
    protected declarationMarkdown(target: AstNode | undefined): string | undefined {
        if (!target) return undefined;
        const parts = [codeBlock(declarationLine(target))];
        const doc = documentationOf(target);
        if (doc) parts.push(doc);
        if (isNode(target)) {
            parts.push(`**${nodeKindText(target)}** — ${NODE_KIND_DOCS[target.$type]?.does ?? ''}`);
            parts.push(`**Result:** \`${this.types.printType(this.types.resultTypeOf(target))}\``);
            const retry = 'options' in target ? (target.options as AstNode[] | undefined)?.find(isRetryOption) : undefined;
            if (retry) parts.push(`**Retry schedule:** ${describeRetry(retry)}`);
        } else if (target.$type === 'TypeDeclaration') {
            parts.push(`**Type:** \`${this.types.printType(this.types.typeOfDeclaration(target))}\``);
        } else if (target.$type === 'Workflow') {
            const workflow = target as ast.Workflow;
            const inputs = workflow.members.filter((m): m is ast.InputDeclaration => m.$type === 'InputDeclaration')
                .map(i => `${i.name}: ${this.types.printType(this.types.typeOfDeclaration(i))}${i.default ? ' = …' : ''}`);
            parts.push(`**Inputs:** \`{ ${inputs.join(', ')} }\``);
            parts.push(`**Outputs:** \`${this.types.printType(this.types.outputsOf(workflow))}\``);
        } else if (!['Connector', 'Trigger'].includes(target.$type)) {
            const type = this.types.printType(this.types.typeOfDeclaration(target));
            if (target.$type === 'SecretDeclaration') parts.push(`**Type:** \`${type}\` — resolved at run start; its value never appears in logs, the journal or the debugger.`);
            else parts.push(`**Type:** \`${type}\``);
        }
        return parts.join('\n\n');
    }

    protected memberMarkdown(member: ast.MemberExpression): string | undefined {
        if (member.call) {
            const resolved = this.types.resolveCall(member);
            const signature = resolved?.signature ?? findStdlibSignature(member.member);
            return signature ? stdlibMarkdown(signature) : undefined;
        }
        const type = this.types.inferType(member);
        const parts = [codeBlock(`(field) ${member.member}: ${this.types.printType(type)}`)];
        const declaration = this.types.memberDeclaration(member);
        const doc = declaration ? documentationOf(declaration) : undefined;
        const receiver = this.types.inferType(member.receiver);
        const field = this.types.lookupMember(receiver, member.member);
        const fieldDoc = doc ?? (field.kind === 'field' ? field.field.doc : undefined);
        if (fieldDoc) parts.push(fieldDoc);
        return parts.join('\n\n');
    }

    protected nodeKindMarkdown(node: ast.Node): string {
        const kind = NODE_KIND_DOCS[node.$type];
        return [
            `**${nodeKindText(node)}** — ${kind?.does ?? ''}`,
            `**Result:** \`${this.types.printType(this.types.resultTypeOf(node))}\` (${kind?.result ?? ''})`,
        ].join('\n\n');
    }
}

// Semantic highlighting of Weft: node names (functions), workflows (classes), types, inputs /
// vars / outputs / secrets by role (custom modifiers `input`, `output`, `secret`), stdlib
// functions, durations and sizes as numbers, event types, keywords and the `->` operator.
import type { AstNode } from 'langium';
import type { SemanticTokenAcceptor } from 'langium/lsp';
import { AbstractSemanticTokenProvider, AllSemanticTokenModifiers } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import type * as ast from '../generated/ast.js';
import { isNodeType } from './node-descriptions.js';

/** Weft's own modifiers, after the standard ones in the legend. */
export const WeftTokenModifiers = { input: 'input', output: 'output', secret: 'secret' } as const;

/** The keyword that opens each node kind. */
const NODE_KEYWORDS: Record<string, string> = {
    TaskNode: 'task', AiNode: 'ai', ApprovalNode: 'approval', WaitNode: 'wait', ListenNode: 'listen', EmitNode: 'emit',
    SetNode: 'set', JoinNode: 'join', ForkNode: 'fork', FailNode: 'fail', TerminateNode: 'terminate', ForeachNode: 'foreach', RegionNode: 'region',
};
const DECLARATION = SemanticTokenModifiers.declaration;
const READONLY = SemanticTokenModifiers.readonly;
const LIBRARY = SemanticTokenModifiers.defaultLibrary;

/** Type and modifiers of a name, by the kind of declaration it names. */
export function tokenForDeclaration(target: AstNode | undefined): { type: string; modifier: string[] } | undefined {
    switch (target?.$type) {
        case 'InputDeclaration': return { type: SemanticTokenTypes.parameter, modifier: [READONLY, WeftTokenModifiers.input] };
        case 'OutputDeclaration': return { type: SemanticTokenTypes.property, modifier: [WeftTokenModifiers.output] };
        case 'VarDeclaration': return { type: SemanticTokenTypes.variable, modifier: [] };
        case 'SecretDeclaration': return { type: SemanticTokenTypes.variable, modifier: [READONLY, WeftTokenModifiers.secret] };
        case 'Connector': return { type: SemanticTokenTypes.namespace, modifier: [] };
        case 'LambdaParameter': return { type: SemanticTokenTypes.parameter, modifier: [] };
        case 'ForeachItem': return { type: SemanticTokenTypes.variable, modifier: [READONLY] };
        case 'Workflow': return { type: SemanticTokenTypes.class, modifier: [] };
        case 'TypeDeclaration': return { type: SemanticTokenTypes.type, modifier: [] };
        case undefined: return undefined;
    }
    return target && isNodeType(target.$type) ? { type: SemanticTokenTypes.function, modifier: [] } : undefined;
}

export class WeftSemanticTokenProvider extends AbstractSemanticTokenProvider {
    override get tokenModifiers(): Record<string, number> {
        const standard = Object.keys(AllSemanticTokenModifiers).length;
        return {
            ...AllSemanticTokenModifiers,
            [WeftTokenModifiers.input]: 1 << standard,
            [WeftTokenModifiers.output]: 1 << (standard + 1),
            [WeftTokenModifiers.secret]: 1 << (standard + 2),
        };
    }

    protected highlightElement(node: AstNode, accept: SemanticTokenAcceptor): void {
        const declared = tokenForDeclaration(node);
        if (declared && 'name' in node && node.$type !== 'Trigger') {
            accept({ node, property: 'name' as never, type: declared.type, modifier: [...declared.modifier, DECLARATION] });
        }
        const kindKeyword = NODE_KEYWORDS[node.$type];
        if (kindKeyword) accept({ node, keyword: kindKeyword, type: SemanticTokenTypes.keyword });
        switch (node.$type) {
            case 'ReferenceExpression': {
                const ref = (node as ast.ReferenceExpression).target;
                const token = tokenForDeclaration(ref?.ref);
                if (token) accept({ node, property: 'target' as never, type: token.type, modifier: token.modifier });
                break;
            }
            case 'ContextExpression':
                accept({ node, property: 'keyword' as never, type: SemanticTokenTypes.variable, modifier: [READONLY, LIBRARY] });
                break;
            case 'CallExpression':
                accept({ node, property: 'callee' as never, type: SemanticTokenTypes.function, modifier: [LIBRARY] });
                break;
            case 'MemberExpression': {
                const member = node as ast.MemberExpression;
                accept({ node, property: 'member' as never, type: member.call ? SemanticTokenTypes.method : SemanticTokenTypes.property, modifier: member.call ? [LIBRARY] : [] });
                break;
            }
            case 'EdgeEndpoint': {
                const endpoint = node as ast.EdgeEndpoint;
                if (endpoint.node) accept({ node, property: 'node' as never, type: SemanticTokenTypes.function });
                else accept({ node, property: 'builtin' as never, type: SemanticTokenTypes.keyword });
                break;
            }
            case 'EdgeChain':
                accept({ node, keyword: '->', type: SemanticTokenTypes.operator });
                break;
            case 'OnGuard': {
                const guard = node as ast.OnGuard;
                if (guard.error) accept({ node, property: 'error' as never, type: SemanticTokenTypes.type });
                if (guard.event !== undefined) accept({ node, property: 'event' as never, type: SemanticTokenTypes.event });
                break;
            }
            case 'NamedType':
                accept({ node, property: 'type' as never, type: SemanticTokenTypes.type });
                break;
            case 'PrimitiveType':
                accept({ node, property: 'name' as never, type: SemanticTokenTypes.type, modifier: [LIBRARY] });
                break;
            case 'TypeField':
                accept({ node, property: 'name' as never, type: SemanticTokenTypes.property, modifier: [DECLARATION] });
                break;
            case 'Assignment': {
                const token = tokenForDeclaration((node as ast.Assignment).target?.ref);
                if (token) accept({ node, property: 'target' as never, type: token.type, modifier: [...token.modifier, SemanticTokenModifiers.modification] });
                break;
            }
            case 'CompensateOption':
                accept({ node, property: 'target' as never, type: SemanticTokenTypes.function });
                break;
            case 'WorkflowTarget':
                accept({ node, property: 'workflow' as never, type: SemanticTokenTypes.class });
                break;
            case 'ConnectorTarget':
                accept({ node, property: 'connector' as never, type: SemanticTokenTypes.namespace });
                accept({ node, property: 'action' as never, type: SemanticTokenTypes.method });
                break;
            case 'DurationLiteral':
            case 'SizeLiteral':
                accept({ node, property: 'value' as never, type: SemanticTokenTypes.number });
                break;
            case 'TimeoutOption':
            case 'ListenTimeout':
                accept({ node, property: 'duration' as never, type: SemanticTokenTypes.number });
                break;
            case 'RetryOption': {
                const retry = node as ast.RetryOption;
                if (retry.every) accept({ node, property: 'every' as never, type: SemanticTokenTypes.number });
                if (retry.max) accept({ node, property: 'max' as never, type: SemanticTokenTypes.number });
                for (let i = 0; i < retry.unless.length; i++) accept({ node, property: 'unless' as never, index: i, type: SemanticTokenTypes.type });
                break;
            }
            case 'CacheOption':
                accept({ node, property: 'ttl' as never, type: SemanticTokenTypes.number });
                break;
            case 'LimitEntry': {
                const entry = node as ast.LimitEntry;
                accept({ node, property: (entry.size ? 'size' : entry.duration ? 'duration' : 'number') as never, type: SemanticTokenTypes.number });
                break;
            }
            case 'WaitNode': {
                const wait = node as ast.WaitNode;
                if (wait.timeout) accept({ node, property: 'timeout' as never, type: SemanticTokenTypes.number });
                if (wait.eventType !== undefined) accept({ node, property: 'eventType' as never, type: SemanticTokenTypes.event });
                break;
            }
            case 'Trigger':
                if ((node as ast.Trigger).eventType !== undefined) accept({ node, property: 'eventType' as never, type: SemanticTokenTypes.event });
                break;
            case 'ListenAlternative':
            case 'EmitNode':
                accept({ node, property: 'eventType' as never, type: SemanticTokenTypes.event });
                break;
        }
    }
}

// Completion in Weft files: Langium's grammar-following proposals (keywords valid at the cursor,
// names in scope) refined for Weft — members and stdlib methods after `.` from the type
// inferrer, connector actions, stdlib functions with signatures, event types used in the file,
// node and option snippets — and without expression keywords where a declaration starts.
import type { AstNode, AstNodeDescription, LangiumDocument, LangiumDocuments, ReferenceInfo } from 'langium';
import { AstUtils, GrammarAST, GrammarUtils, URI } from 'langium';
import type { CompletionAcceptor, CompletionContext, CompletionValueItem, NextFeature } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connector } from '../generated/ast.js';
import {
    isConnectorTarget, isInputDeclaration, isNode, isObjectLiteral, isSecretDeclaration, isTaskNode, isWithOption, isWorkflowTarget,
} from '../generated/ast.js';
import { stdlibSignatures } from '../types/stdlib-signatures.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { NODE_SNIPPETS, OPTION_SNIPPETS } from './completion-snippets.js';
import { eventTypeCompletionList, eventTypesOf } from './event-type-completion.js';
import { connectorActionItems, memberCompletionList } from './member-completion.js';
import { completionParseText } from './completion-parse-text.js';
import { declarationLine, documentationOf } from './declaration-text.js';
import { declarationRole, nodeKindText } from './node-descriptions.js';

/** Keywords that continue a statement; not proposed where a new declaration or option starts. */
const CONTINUATIONS = new Set(['and', 'or', 'in', 'when', 'otherwise', 'on', 'where', 'correlate', 'transient', 'code',
    'cancel', 'first', 'all', 'tz', 'as', 'concurrency', 'until', 'key', 'jitter', 'backoff', 'max', 'every', 'unless', 'times', 'for']);
/** Keywords that start a workflow member or a node option. */
const STATEMENT_STARTS = new Set(['version', 'input', 'output', 'var', 'secret', 'trigger', 'connector', 'task', 'ai',
    'approval', 'wait', 'listen', 'emit', 'set', 'join', 'fork', 'fail', 'terminate', 'foreach', 'region',
    'with', 'timeout', 'retry', 'limits', 'cache', 'compensate', 'lock', 'idempotent', 'type', 'workflow', 'import']);
const EVENT_PROPERTIES = new Set(['eventType', 'event']);
/** Declarations whose type completion shows next to their name. */
const TYPED_ROLES = new Set(['input', 'output', 'var', 'secret', 'parameter', 'item']);
/** Data-type rules that let keywords stand as names: their keywords are not keyword proposals. */
const NAME_RULES = new Set(['Name', 'DeclName', 'FunctionName']);

export class WeftCompletionProvider extends DefaultCompletionProvider {
    protected readonly types: WeftTypeInferrer;
    /** Contexts that already received the stdlib functions (several grammar paths lead there). */
    protected readonly stdlibOffered = new WeakSet<CompletionContext>();
    protected readonly inputsOffered = new WeakSet<CompletionContext>();
    protected readonly documents: LangiumDocuments;
    /**
     * Whether the completion parser reads only the enclosing declaration and statement (see
     * completion-parse-text.ts) rather than the whole text before the cursor. Off only to
     * compare both paths in tests.
     */
    enclosingStatementParse = true;

    constructor(services: WeftServices) {
        super(services);
        this.types = services.types.TypeInferrer;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override readonly completionOptions = { triggerCharacters: ['.'] };

    override async getCompletion(document: LangiumDocument, params: CompletionParams): Promise<CompletionList | undefined> {
        const direct = this.memberCompletion(document, params) ?? this.eventTypeList(document, params);
        if (direct) return direct;
        return super.getCompletion(document, params);
    }

    /**
     * Langium parses the whole text before `offset` to find the grammar features that may come
     * next, which grows with the position in a long file; the enclosing statement (after its
     * declaration's header) leaves the parser in the same state when the text before it parsed
     * cleanly, and costs the same anywhere in the file.
     */
    protected override findFeaturesAt(textDocument: TextDocument, offset: number): NextFeature[] {
        if (this.enclosingStatementParse) {
            const document = this.documents.getDocument(URI.parse(textDocument.uri));
            const text = document?.textDocument === textDocument ? completionParseText(document, offset) : undefined;
            if (text !== undefined) {
                return super.findFeaturesAt(TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, text), text.length);
            }
        }
        return super.findFeaturesAt(textDocument, offset);
    }

    // -----------------------------------------------------------------------------------------
    // After `.`: fields and methods of the receiver's type, or a connector's actions.

    protected memberCompletion(document: LangiumDocument, params: CompletionParams): CompletionList | undefined {
        return memberCompletionList(this.types, document, params);
    }

    protected actionItems(connector: Connector | undefined): CompletionItem[] {
        return connectorActionItems(connector);
    }

    // -----------------------------------------------------------------------------------------
    // Grammar-following proposals.

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor) {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        if ((assignment?.feature === 'callee' && rule?.name === 'PrimaryExpression') || rule?.name === 'FunctionName') {
            if (!this.stdlibOffered.has(context)) this.stdlibCompletion(context, acceptor);
            this.stdlibOffered.add(context);
            return;
        }
        if (next.property === 'key' && !this.inputsOffered.has(context)) {
            this.inputsOffered.add(context);
            this.subWorkflowInputCompletion(context, acceptor);
        }
        if (rule && NAME_RULES.has(rule.name)) return;
        if (assignment && EVENT_PROPERTIES.has(assignment.feature) && GrammarAST.isRuleCall(next.feature)) {
            return this.eventTypeCompletion(context, acceptor);
        }
        if (assignment?.feature === 'action' && rule?.name === 'TaskTarget' && context.node) {
            const target = AstUtils.getContainerOfType(context.node, isConnectorTarget);
            for (const item of this.actionItems(target?.connector?.ref)) acceptor(context, item as CompletionValueItem);
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    /** In the `with { … }` of `task n: workflow Other`: the inputs of Other not given yet. */
    protected subWorkflowInputCompletion(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const literal = context.node && AstUtils.getContainerOfType(context.node, isObjectLiteral);
        if (!literal || !isObjectLiteral(literal) || !isWithOption(literal.$container) || !isTaskNode(literal.$container.$container)) return;
        const target = literal.$container.$container.target;
        const workflow = isWorkflowTarget(target) ? target.workflow?.ref : undefined;
        if (!workflow) return;
        const given = new Set(literal.entries.map(e => e.key ?? e.quotedKey));
        for (const input of workflow.members) {
            if (!isInputDeclaration(input) || !input.name || given.has(input.name)) continue;
            acceptor(context, {
                label: input.name,
                kind: CompletionItemKind.Property,
                detail: `input: ${this.types.printType(this.types.typeOfDeclaration(input))}${input.default ? ' (optional)' : ''}`,
                documentation: documentationOf(input),
                insertText: `${input.name}: $1`,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: `0${input.default ? 1 : 0}${input.name}`,
            });
        }
    }

    protected stdlibCompletion(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const inSecret = context.node !== undefined && AstUtils.getContainerOfType(context.node, isSecretDeclaration) !== undefined;
        for (const signature of stdlibSignatures()) {
            if (signature.secretOnly && !inSecret) continue;
            acceptor(context, {
                label: signature.name,
                kind: CompletionItemKind.Function,
                detail: signature.signature,
                documentation: { kind: 'markdown', value: signature.doc },
                insertText: signature.maxArgs === 0 ? `${signature.name}()` : `${signature.name}($1)`,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: `2${signature.name}`,
            });
        }
    }

    protected eventTypeList(document: LangiumDocument, params: CompletionParams): CompletionList | undefined {
        return eventTypeCompletionList(document, params);
    }

    protected eventTypeCompletion(context: CompletionContext, acceptor: CompletionAcceptor): void {
        for (const type of eventTypesOf(context.document)) {
            acceptor(context, { label: JSON.stringify(type), kind: CompletionItemKind.Event, detail: 'event type used in this file', sortText: `0${type}` });
        }
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor) {
        if (!this.filterKeyword(context, keyword)) return;
        super.completionForKeyword(context, keyword, acceptor);
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
        const atMember = rule !== undefined && /Node$/.test(rule) && GrammarUtils.findNameAssignment(AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)!) !== undefined
            && (rule !== 'SetNode' || keyword.value === 'set');
        const snippets = [
            ...(atMember || (keyword.value === 'start' && rule === 'EdgeEndpoint') ? NODE_SNIPPETS : []),
            ...(!atMember ? OPTION_SNIPPETS : []),
        ];
        for (const snippet of snippets) {
            if (snippet.keyword !== keyword.value) continue;
            if (snippet.label.startsWith('set …') && rule !== 'SetOption') continue;
            acceptor(context, {
                label: snippet.label,
                kind: CompletionItemKind.Snippet,
                detail: snippet.detail,
                insertText: snippet.insertText,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: `0${snippet.label}`,
            });
        }
    }

    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        if (!super.filterKeyword(context, keyword)) return false;
        if (!CONTINUATIONS.has(keyword.value)) return true;
        // At the start of a line where a declaration or option may begin, continuation words
        // of the previous statement (`and`, `when`, `every`…) are noise.
        const lineStart = context.textDocument.offsetAt({ line: context.position.line, character: 0 });
        const beforeWord = context.textDocument.getText().slice(lineStart, context.tokenOffset);
        if (beforeWord.trim() !== '') return true;
        return !context.features.some(f => GrammarAST.isKeyword(f.feature) && STATEMENT_STARTS.has(f.feature.value));
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const node: AstNode | undefined = description.node;
        if (!node) return super.createReferenceCompletionItem(description, refInfo, context);
        // Langium's item as it would be, without the documentation it renders only for this
        // method to replace (about half the cost of a thousand node items).
        const item = { nodeDescription: description, kind: this.nodeKindProvider.getCompletionItemKind(description), sortText: '0' };
        // Cheap per candidate (a workflow may offer a thousand nodes): node kinds come from the
        // syntax; types are inferred only for inputs, outputs, vars and secrets.
        let detail: string = declarationRole(node) ?? node.$type;
        if (isNode(node)) {
            detail = nodeKindText(node);
        } else if (TYPED_ROLES.has(detail)) {
            try {
                detail = `${detail}: ${this.types.printType(this.types.typeOfDeclaration(node))}`;
            } catch {
                // A half-written declaration has no type yet; the role alone is still useful.
            }
        }
        const doc = documentationOf(node);
        return {
            ...item,
            detail,
            documentation: doc ? { kind: 'markdown', value: ['```weft', declarationLine(node), '```', doc].join('\n') } : undefined,
        };
    }
}

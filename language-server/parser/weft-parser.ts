// The Weft parser: Langium's parser plus one safety net. Chevrotain parses by recursion, about
// a dozen stack frames per grammar rule, so ~75 nested brackets (or thousands of `not`) exhaust
// the stack; the unwinding then often surfaces as a TypeError from Langium's finally blocks.
// Instead of failing the whole build, a parse that throws is retried with the too-deep part (or,
// failing that, everything) blanked out, and the user gets one parser error saying why.
// It also does Langium's per-node bookkeeping more cheaply (same result, see parser-internals.ts)
// and builds a smaller CST: no composites for merged rule calls (merged-rule-nodes.ts), compact
// leaves (compact-leaf.ts).
import type { IRecognitionException, IToken, TokenTypeDictionary } from 'chevrotain';
import type { AstNode, CstNode, GrammarAST, LangiumCoreServices, ParseResult, ParserOptions } from 'langium';
import { GrammarAST as G } from 'langium';
import { createParser, DatatypeSymbol, LangiumParser } from 'langium';
import { WeftLeafCstNode, WeftRootCstNode } from './compact-leaf.js';
import { AstTooDeepError, linkContainers } from './container-links.js';
import { defaultValueFiller } from './default-values-reflection.js';
import { dissolveMergedComposite, type Composite } from './merged-rule-nodes.js';
import { internals, type LangiumParserInternals } from './parser-internals.js';
import { buildInfixImplementation, buildRuleImplementation, UnsupportedRuleError } from './weft-rule-builder.js';

const NO_TOKENS: IToken[] = Object.freeze([]) as unknown as IToken[];

/**
 * The comments just before `token`, taken out of the lexer's hidden tokens, as Langium's
 * `extractHiddenTokens` does; but where Langium returns a new empty array for each of the
 * (nearly all) tokens without comments before them, this returns a shared one (only read).
 */
function extractHiddenTokens(hidden: IToken[] | undefined, token: IToken): IToken[] {
    if (!hidden || hidden.length === 0 || hidden[0].startOffset > token.startOffset) return NO_TOKENS;
    let i = 1;
    while (i < hidden.length && hidden[i].startOffset <= token.startOffset) i++;
    return hidden.splice(0, i);
}

/**
 * Langium's CST builder, given no hidden tokens, still allocates an empty array and, when the
 * current node is empty, walks up the tree to insert nothing; with no tokens it now returns at
 * once (the same tree: inserting nothing changes nothing).
 */
function skipEmptyHiddenNodes(builder: LangiumParserInternals['nodeBuilder']): void {
    const addHiddenNodes = builder.addHiddenNodes.bind(builder);
    builder.addHiddenNodes = (tokens) => {
        if (tokens.length > 0) addHiddenNodes(tokens);
    };
}

/** The CST's root and leaves are Weft's smaller ones (compact-leaf.ts). */
function buildCompactLeaves(builder: LangiumParserInternals['nodeBuilder']): void {
    const fields = builder as unknown as { rootNode: WeftRootCstNode; nodeStack: unknown[] };
    builder.buildRootNode = (input) => {
        const root = new WeftRootCstNode(input);
        fields.rootNode = root;
        fields.nodeStack = [root];
        return root;
    };
    builder.createLeafNode = (token) => new WeftLeafCstNode(token.startOffset, token.image.length, token.tokenType);
}

/** Brackets deeper than this are blanked out after a stack overflow. */
export const MAX_SAFE_NESTING = 32;

const OPENERS = new Set(['(', '[', '{', 'INDEX_OPEN', 'TEMPLATE_HEAD', 'TRIPLE_HEAD']);
const CLOSERS = new Set([')', ']', '}', 'TEMPLATE_TAIL', 'TRIPLE_TAIL']);

export function isStackOverflow(error: unknown): boolean {
    return error instanceof AstTooDeepError || (error instanceof RangeError && /call stack/i.test(error.message));
}

export class WeftParser extends LangiumParser {

    constructor(services: LangiumCoreServices) {
        super(services);
        const self = internals(this);
        const fillDefaults = defaultValueFiller(self.astReflection);
        self.construct = () => constructNode(this, fillDefaults);
        self.assignWithoutOverride = mergeUnassigned;
        // One map lookup instead of Langium's two (`has`, then `get`) for every token and rule call.
        const findAssignment = self.getAssignment.bind(this);
        self.getAssignment = (feature) => self.assignmentMap.get(feature) ?? findAssignment(feature);
        const assignSubrule = self.performSubruleAssignment.bind(this);
        self.performSubruleAssignment = (result, feature, cstNode) => {
            const own = typeof result === 'object' && result ? (result as { $cstNode?: Composite }).$cstNode : undefined;
            assignSubrule(result, feature, cstNode);
            // Merged into the caller's node (mergeUnassigned cleared its CST node): one composite less.
            if (own && (result as { $cstNode?: unknown }).$cstNode === undefined) {
                dissolveMergedComposite(self.nodeBuilder.current as Composite, own, this.sharedComposite);
            }
        };
        skipEmptyHiddenNodes(self.nodeBuilder);
        buildCompactLeaves(self.nodeBuilder);
        self.extractHiddenTokens = (token) => extractHiddenTokens(self.lexerResult?.hidden, token);
    }

    /** The token types by name, for the rule builder; set before the rules are defined. */
    ruleTokens?: TokenTypeDictionary;
    /** The composite of the last infix rule that built more than one binary node (they all point at it). */
    sharedComposite?: Composite;
    /** Rules (parser or infix) that kept Langium's implementation (none for today's grammar). */
    readonly rulesLeftToLangium: string[] = [];

    /** Each parser and infix rule gets weft-rule-builder's implementation, unless it needs Langium's. */
    override rule(rule: GrammarAST.ParserRule | GrammarAST.InfixRule, impl: Parameters<LangiumParser['rule']>[1]): ReturnType<LangiumParser['rule']> {
        if (this.ruleTokens) {
            try {
                impl = G.isParserRule(rule) ? buildRuleImplementation(rule, this, this.ruleTokens) : buildInfixImplementation(rule, this, this.ruleTokens);
            } catch (error) {
                if (!(error instanceof UnsupportedRuleError)) throw error;
                this.rulesLeftToLangium.push(rule.name);
            }
        }
        return super.rule(rule, impl);
    }

    override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        let failure: unknown;
        try {
            return this.parseOnce<T>(input, options);
        } catch (error) {
            failure = error;
        }
        this.resetAfterAbort();
        const deep = this.findTooDeep(input);
        const attempts = deep ? [deep.blanked, blankAll(input)] : [blankAll(input)];
        for (const text of attempts) {
            try {
                const result = this.parseOnce<T>(text, options);
                const token = deep?.opener ?? { image: '', startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } as IToken;
                const report: IRecognitionException = {
                    name: 'NestingTooDeep',
                    message: deep
                        ? `This expression is nested too deeply to parse (more than ${MAX_SAFE_NESTING} levels of brackets here); split it into smaller expressions.`
                        : isStackOverflow(failure)
                            ? 'This file is nested too deeply to parse; split its longest expressions into smaller ones.'
                            : `The parser failed on this file (${failure instanceof Error ? failure.message : String(failure)}); please report it with the file.`,
                    token,
                    resyncedTokens: [],
                    context: { ruleStack: [], ruleOccurrenceStack: [] },
                };
                return { ...result, lexerErrors: [], parserErrors: [report, ...result.parserErrors] };
            } catch (error) {
                failure = error;
                this.resetAfterAbort();
            }
        }
        throw failure;
    }

    /**
     * One parse, step for step what LangiumParser.parse does (lex, run the rule, attach trailing
     * comments, link containers), with the container links set by one allocation-free walk.
     */
    protected parseOnce<T extends AstNode>(input: string, options: ParserOptions = {}): ParseResult<T> {
        const self = internals(this);
        self.nodeBuilder.buildRootNode(input);
        const lexed = this.lexer.tokenize(input);
        self.lexerResult = lexed;
        self.wrapper.input = lexed.tokens;
        const rule = options.rule ? self.allRules.get(options.rule) : self.mainRule;
        if (!rule) throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
        const value = self.doParse(rule);
        self.nodeBuilder.addHiddenNodes(lexed.hidden);
        this.unorderedGroups.clear();
        self.lexerResult = undefined;
        this.sharedComposite = undefined;
        const parserErrors = self.wrapper.errors as ParseResult<T>['parserErrors'];
        // Chevrotain would keep this parse's tokens until the next one; nothing reads them now.
        self.wrapper.input = [];
        linkContainers(value);
        return { value: value as T, lexerErrors: lexed.errors, lexerReport: lexed.report, parserErrors };
    }

    /** A parse aborted by an exception leaves its partial AST stack behind; drop it. */
    protected resetAfterAbort(): void {
        (this as unknown as { stack: unknown[] }).stack = [];
        this.unorderedGroups.clear();
        this.sharedComposite = undefined;
    }

    /** The first bracket opened at depth MAX_SAFE_NESTING + 1, and the input with its content blanked. */
    protected findTooDeep(input: string): { opener: IToken; blanked: string } | undefined {
        const tokens = this.lexer.tokenize(input).tokens;
        const open: number[] = [];
        for (let i = 0; i < tokens.length; i++) {
            const name = tokens[i].tokenType.name;
            if (OPENERS.has(name)) {
                open.push(i);
                if (open.length === MAX_SAFE_NESTING + 1) {
                    const opener = tokens[i];
                    let depth = 0;
                    let closer: IToken | undefined;
                    for (let j = i; j < tokens.length && !closer; j++) {
                        const n = tokens[j].tokenType.name;
                        if (OPENERS.has(n)) depth++;
                        else if (CLOSERS.has(n) && --depth === 0) closer = tokens[j];
                    }
                    const from = (opener.endOffset ?? opener.startOffset) + 1;
                    const to = closer ? closer.startOffset : input.length;
                    return { opener, blanked: input.slice(0, from) + blank(input.slice(from, to)) + input.slice(to) };
                }
            } else if (CLOSERS.has(name)) {
                open.pop();
            }
        }
        return undefined;
    }
}

/**
 * Finishes the node on top of the parser's stack, step for step as LangiumParser's `construct`
 * (close its CST node, then resolve an infix chain, convert a datatype rule's text, or fill in
 * default values), with the defaults from a per-type list.
 */
function constructNode(parser: WeftParser, fillDefaults: ReturnType<typeof defaultValueFiller>): unknown {
    if (parser.isRecording()) return undefined;
    const self = internals(parser);
    const obj = self.stack.pop()!;
    self.nodeBuilder.construct(obj);
    if ('$infixName' in obj) {
        if (Array.isArray(obj.operators) && obj.operators.length > 1) parser.sharedComposite = obj.$cstNode as Composite;
        return self.constructInfix(obj, self.operatorPrecedence.get(obj.$infixName as string));
    }
    if (obj.$type === DatatypeSymbol) return self.converter.convert(obj.value as string, obj.$cstNode as CstNode);
    fillDefaults(obj as Record<string, unknown> & { $type: string });
    return obj;
}

/**
 * Merges the node an unassigned rule call built (`target`) with the one its caller had started
 * (`source`): the caller's values fill the gaps, and its arrays take the callee's items after
 * their own. Same effect as LangiumParser's `assignWithoutOverride`, without entry arrays.
 */
function mergeUnassigned(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
    for (const name in source) {
        const existing = source[name];
        const value = target[name];
        if (value === undefined) {
            target[name] = existing;
        } else if (Array.isArray(value) && Array.isArray(existing)) {
            existing.push(...value);
            target[name] = existing;
        }
    }
    target.$cstNode = undefined;
    return target;
}

/** Spaces for every character but line breaks, so offsets and lines stay where they were. */
function blank(text: string): string {
    return text.replace(/[^\r\n]/g, ' ');
}

function blankAll(input: string): string {
    return blank(input);
}

/** Builds the Weft parser from the grammar, as Langium's createLangiumParser does for its own. */
export function createWeftParser(services: LangiumCoreServices): LangiumParser {
    const parser = new WeftParser(services);
    parser.ruleTokens = services.parser.Lexer.definition as TokenTypeDictionary;
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

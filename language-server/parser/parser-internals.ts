// The members of Langium's LangiumParser (4.4) that weft-parser.ts reaches past the public API
// to make a parse cheaper. Kept in one place so a Langium upgrade has one file to check; the
// equivalence test (test/language-server/parser/weft-parser-equivalence.test.ts) compares every
// result with Langium's own parser and fails if these stop matching what Langium does.
import type { IToken } from 'chevrotain';
import type { AstNode, AstReflection, CstNode, LangiumParser, LexerResult } from 'langium';

export interface LangiumParserInternals {
    /** Builds the CST while the parser runs. */
    nodeBuilder: {
        buildRootNode(input: string): unknown; addHiddenNodes(tokens: IToken[]): void; construct(node: object): void; readonly current: unknown;
        /** Makes the leaf for a token (the builder then sets its grammar source, unless hidden). */
        createLeafNode(token: IToken, hidden: boolean): unknown;
    };
    /** The tokens of the parse in progress (hidden ones are consumed as they are attached). */
    lexerResult?: LexerResult;
    /** Runs the entry rule and returns the root (throws only on a broken parser). */
    doParse(rule: unknown): AstNode;
    /** Used by the parser for nothing but filling in default property values. */
    astReflection: AstReflection;
    /** The nodes being built, innermost last. */
    stack: Array<Record<string | symbol, unknown>>;
    /** Finishes the node on top of the stack and returns it (or its converted value). */
    construct(): unknown;
    constructInfix(node: Record<string | symbol, unknown>, precedence: unknown): unknown;
    operatorPrecedence: Map<string, unknown>;
    converter: { convert(input: string, cstNode: CstNode): unknown };
    /** Assigns what a rule call returned (`cstNode` is the call's CST node), or merges it into the node being built. */
    performSubruleAssignment(result: unknown, feature: unknown, cstNode: unknown): void;
    /** The assignment (and cross-reference kind) a grammar element is part of, computed once per element into assignmentMap. */
    getAssignment(feature: unknown): unknown;
    assignmentMap: Map<unknown, unknown>;
    /** Merges the result of an unassigned rule call into the node being built. */
    assignWithoutOverride(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> & { $cstNode?: CstNode };
    /** Takes the hidden tokens (comments) before `token` out of `lexerResult.hidden`. */
    extractHiddenTokens(token: IToken): IToken[];
    wrapper: { input: IToken[]; errors: unknown[] };
    mainRule: unknown;
    allRules: Map<string, unknown>;
}

export function internals(parser: LangiumParser): LangiumParserInternals {
    return parser as unknown as LangiumParserInternals;
}

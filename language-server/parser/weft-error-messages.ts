// Syntax error messages in the user's terms: "Expected a name or 'start' but found '0'" instead
// of chevrotain's token lists, unterminated strings named as such, and a hint when a `[` after a
// space (a list/fan-in) was meant as an index (docs/language.md, the fan-in rule).
import type { ILexerErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import type { Grammar, LangiumCoreServices, Module, PartialLangiumCoreServices } from 'langium';
import { GrammarAST, LangiumParserErrorMessageProvider } from 'langium';

/** How terminals are named in messages. */
const TERMINAL_LABELS: Record<string, string> = {
    ID: 'a name',
    NUMBER: 'a number',
    DURATION: 'a duration (like 5s)',
    SIZE: 'a size (like 64MB)',
    STRING: 'a string',
    TEMPLATE_HEAD: 'a string',
    TRIPLE_STRING: 'a string',
    TRIPLE_HEAD: 'a string',
    TEMPLATE_MIDDLE: "'}'",
    TEMPLATE_TAIL: "'}'",
    TRIPLE_MIDDLE: "'}'",
    TRIPLE_TAIL: "'}'",
    RAW_SCRIPT: 'a """…""" script',
    INDEX_OPEN: "'['",
    EOF: 'the end of the file',
};

const MAX_LISTED = 8;

const INDEX_HINT = ' A `[` after a space or a line break starts a list or a fan-in group; to index a value, write the `[` right after it, as in `items[0]`.';

function describe(token: IToken | undefined): string {
    if (!token || token.tokenType.name === 'EOF') return 'the end of the file';
    const image = token.image.length > 24 ? `${token.image.slice(0, 21)}…` : token.image;
    return `'${image.replace(/\r?\n/g, '⏎')}'`;
}

/** Whether `token` is of `type` (or of a category `type` names, as keywords that are also names). */
function matches(token: IToken | undefined, type: TokenType): boolean {
    if (!token) return false;
    return token.tokenType === type || token.tokenType.name === type.name || (token.tokenType.CATEGORIES ?? []).some(c => c === type || c.name === type.name);
}

function joinAlternatives(labels: string[]): string {
    if (labels.length === 1) return labels[0];
    const shown = labels.slice(0, MAX_LISTED);
    const rest = labels.length > MAX_LISTED ? `, … (${labels.length - MAX_LISTED} more)` : '';
    return `${shown.slice(0, -1).join(', ')}${rest ? `, ${shown.at(-1)}${rest}` : ` or ${shown.at(-1)}`}`;
}

export class WeftParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    /** Keywords that are also names (DeclName): listed as "a name" when a name is expected. */
    protected readonly nameKeywords: Set<string>;

    constructor(services: { Grammar: Grammar }) {
        super();
        const rule = services.Grammar.rules.find(r => r.name === 'DeclName');
        const keywords = new Set<string>();
        if (rule && GrammarAST.isParserRule(rule)) {
            const visit = (node: object): void => {
                if (GrammarAST.isKeyword(node)) keywords.add(node.value);
                for (const [key, value] of Object.entries(node)) {
                    if (key.startsWith('$')) continue;
                    if (Array.isArray(value)) value.forEach(v => typeof v === 'object' && v && visit(v));
                    else if (value && typeof value === 'object' && '$type' in value) visit(value);
                }
            };
            visit(rule.definition);
        }
        this.nameKeywords = keywords;
    }

    protected label(type: TokenType): string {
        return TERMINAL_LABELS[type.name] ?? `'${type.name}'`;
    }

    protected expectedList(firstTokens: TokenType[]): string {
        const names = new Set(firstTokens.map(t => t.name));
        const labels: string[] = [];
        for (const type of firstTokens) {
            if (names.has('ID') && this.nameKeywords.has(type.name)) continue;
            const label = this.label(type);
            if (!labels.includes(label)) labels.push(label);
        }
        return joinAlternatives(labels);
    }

    protected hint(previous: IToken | undefined): string {
        return previous?.tokenType.name === '[' ? INDEX_HINT : '';
    }

    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        return `Expected ${this.label(options.expected)} but found ${describe(options.actual)}.${this.hint(options.previous)}`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `Unexpected ${describe(options.firstRedundant)}: only imports, types, connectors and workflows stand at the top level of a file (does a '}' close a block too early?).`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        // Alternatives that begin alike (`wait w for 5s` / `wait w for event "x"`) fail on a later
        // token: named there ("after 'for'"), not as the first one, which the input has right.
        let alts = options.expectedPathsPerAlt;
        let depth = 0;
        while (depth < options.actual.length - 1) {
            const token = options.actual[depth];
            const along = alts.map(alt => alt.filter(path => path[depth] !== undefined && matches(token, path[depth]))).filter(alt => alt.length > 0);
            if (along.length === 0) break;
            alts = along;
            depth++;
        }
        if (depth > 0) {
            // An alternative that may go on with many tokens is an expression there, not their list.
            const labels = alts.flatMap(alt => {
                const next = alt.map(path => path[depth]).filter((t): t is TokenType => t !== undefined);
                return new Set(next.map(t => t.name)).size > MAX_LISTED ? ['an expression'] : [this.expectedList(next)];
            }).filter(label => label !== '');
            if (labels.length) return `Expected ${joinAlternatives([...new Set(labels)])} after ${describe(options.actual[depth - 1])} but found ${describe(options.actual[depth])}.`;
        }
        const first = options.expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0])).filter((t): t is TokenType => t !== undefined);
        return `Expected ${this.expectedList(first)} but found ${describe(options.actual[0])}.${this.hint(options.previous)}`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const first = options.expectedIterationPaths.map(path => path[0]).filter((t): t is TokenType => t !== undefined);
        const edgeHint = options.ruleName === 'EdgeChain' ? ' An edge needs an arrow: `a -> b`.' : '';
        return `Expected ${this.expectedList(first)} but found ${describe(options.actual[0])}.${edgeHint}${this.hint(options.previous)}`;
    }
}

export class WeftLexerErrorMessageProvider implements ILexerErrorMessageProvider {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number, _line?: number, _column?: number): string {
        const char = fullText.charAt(startOffset);
        if (fullText.startsWith('"""', startOffset)) return 'Unterminated """ string: close it with """.';
        if (char === '"') return 'Unterminated string: a "…" string ends on its own line; close it with " (or use """…""" for text over several lines).';
        const code = char.codePointAt(0) ?? 0;
        const shown = code < 32 || code === 127 || (code >= 0x80 && code < 0xa0) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${char}'`;
        return `Unexpected character ${shown}${length > 1 ? ` (and ${length - 1} more)` : ''}.`;
    }

    buildUnableToPopLexerModeMessage(token: IToken): string {
        return `Unexpected '${token.image}'.`;
    }
}

/** DI registration of the two providers (merged into the Weft services by weft-module.ts). */
export const WeftSyntaxMessagesModule: Module<LangiumCoreServices, PartialLangiumCoreServices> = {
    parser: {
        ParserErrorMessageProvider: (services) => new WeftParserErrorMessageProvider(services),
        LexerErrorMessageProvider: () => new WeftLexerErrorMessageProvider(),
    },
};

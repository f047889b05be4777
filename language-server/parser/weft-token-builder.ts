// Lexer rules the grammar cannot say by itself: which `}` continues a template string, which
// `[` opens an index rather than a list or fan-in group, and that `script """…"""` is raw code.
// Pure tokenisation: no AST, no I/O. The rules are documented in docs/language.md.
import type { CustomPatternMatcherFunc, IToken, TokenType, TokenVocabulary } from 'chevrotain';
import type { Grammar, TokenBuilderOptions } from 'langium';
import { DefaultTokenBuilder } from 'langium';

/** Characters after which a `[` written without whitespace indexes the preceding value. */
const INDEX_PRECEDERS = /[A-Za-z0-9_)\]}".]/;

type Frame = 'brace' | 'template' | 'triple';

interface LexState { seen: number; stack: Frame[] }

/**
 * Tracks the open braces and open template interpolations of one tokenisation run, updated
 * incrementally from the tokens matched so far (chevrotain hands the same array to every call).
 */
class InterpolationTracker {
    private readonly states = new WeakMap<IToken[], LexState>();

    top(tokens: IToken[]): Frame | undefined {
        let state = this.states.get(tokens);
        if (!state) {
            state = { seen: 0, stack: [] };
            this.states.set(tokens, state);
        }
        for (; state.seen < tokens.length; state.seen++) {
            const name = tokens[state.seen].tokenType.name;
            switch (name) {
                case '{': state.stack.push('brace'); break;
                case '}': if (state.stack.at(-1) === 'brace') state.stack.pop(); break;
                case 'TEMPLATE_HEAD': state.stack.push('template'); break;
                case 'TRIPLE_HEAD': state.stack.push('triple'); break;
                case 'TEMPLATE_TAIL':
                case 'TRIPLE_TAIL': state.stack.pop(); break;
            }
        }
        return state.stack.at(-1);
    }
}

function sticky(regex: RegExp): RegExp {
    return new RegExp(regex.source, 'y');
}

/** Matches `regex` at `offset` only while the innermost open frame is `frame`. */
function inFrame(tracker: InterpolationTracker, frame: Frame, regex: RegExp): CustomPatternMatcherFunc {
    const re = sticky(regex);
    return (text, offset, tokens) => {
        if (text.charCodeAt(offset) !== 125 /* } */ || tracker.top(tokens as IToken[]) !== frame) return null;
        re.lastIndex = offset;
        return re.exec(text);
    };
}

export class WeftTokenBuilder extends DefaultTokenBuilder {

    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const byName = new Map(tokens.map(t => [t.name, t]));
        const tracker = new InterpolationTracker();
        const contextual: TokenType[] = [];
        const customise = (name: string, pattern: CustomPatternMatcherFunc, startChars: string[], lineBreaks: boolean) => {
            const token = byName.get(name);
            if (!token) throw new Error(`Weft grammar has no terminal ${name}`);
            token.PATTERN = pattern;
            token.START_CHARS_HINT = startChars;
            token.LINE_BREAKS = lineBreaks;
            contextual.push(token);
        };
        const regexOf = (name: string) => byName.get(name)!.PATTERN as RegExp;

        customise('TEMPLATE_MIDDLE', inFrame(tracker, 'template', regexOf('TEMPLATE_MIDDLE')), ['}'], false);
        customise('TEMPLATE_TAIL', inFrame(tracker, 'template', regexOf('TEMPLATE_TAIL')), ['}'], false);
        customise('TRIPLE_MIDDLE', inFrame(tracker, 'triple', regexOf('TRIPLE_MIDDLE')), ['}'], true);
        customise('TRIPLE_TAIL', inFrame(tracker, 'triple', regexOf('TRIPLE_TAIL')), ['}'], true);

        const raw = sticky(regexOf('RAW_SCRIPT'));
        customise('RAW_SCRIPT', (text, offset, tokens) => {
            const previous = (tokens as IToken[]).at(-1);
            if (previous?.tokenType.name !== 'script') return null;
            raw.lastIndex = offset;
            return raw.exec(text);
        }, ['"'], true);

        customise('INDEX_OPEN', (text, offset) => {
            if (text.charCodeAt(offset) !== 91 /* [ */ || offset === 0) return null;
            if (!INDEX_PRECEDERS.test(text.charAt(offset - 1))) return null;
            const match = ['['] as unknown as RegExpExecArray;
            match.index = offset;
            return match;
        }, ['['], false);

        // Context-sensitive tokens are tried before the keywords `}` and `[` and before strings.
        return [...contextual, ...tokens.filter(t => !contextual.includes(t))];
    }
}

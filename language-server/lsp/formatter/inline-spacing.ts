// The space between two tokens that stand on the same line in formatted Weft: `""` or `" "`.
// Decided from the token kinds and, where a symbol has two roles (`:` `?` `<` `-` `(`), from
// the AST node holding it. Never joins tokens that would lex differently (see the tests).
import type { FormatToken } from './format-tokens.js';

const NO_SPACE_BEFORE = new Set([',', ';', ')', ']', 'INDEX_OPEN', '.', '?.',
    'TEMPLATE_MIDDLE', 'TEMPLATE_TAIL', 'TRIPLE_MIDDLE', 'TRIPLE_TAIL']);
const NO_SPACE_AFTER = new Set(['(', '[', 'INDEX_OPEN', '.', '?.',
    'TEMPLATE_HEAD', 'TEMPLATE_MIDDLE', 'TRIPLE_HEAD', 'TRIPLE_MIDDLE']);
/** Nodes whose `(` directly follows a callee: `len(x)`, `items.map(…)`, `payments.post(…)`. */
const CALL_NODES = new Set(['CallExpression', 'MemberExpression', 'ConnectorTarget']);
/** Nodes whose `<`/`>` are type brackets: `list<Item>`, `map<string>`. */
const TYPE_BRACKET_NODES = new Set(['ListType', 'MapType']);

function isIn(token: FormatToken, types: Set<string>): boolean {
    return types.has(token.astNode?.$type ?? '');
}

export function inlineSpace(previous: FormatToken, next: FormatToken): '' | ' ' {
    const a = previous.type;
    const b = next.type;
    if (previous.comment || next.comment) return ' ';
    if (a === '{') return b === '}' ? '' : ' ';
    if (b === '}') return ' ';
    if (NO_SPACE_BEFORE.has(b) || NO_SPACE_AFTER.has(a)) return '';
    if (b === '(' && isIn(next, CALL_NODES)) return '';
    if (b === ':' && next.astNode?.$type !== 'ConditionalExpression') return '';
    if (b === '?' && next.astNode?.$type === 'OptionalType') return '';
    if ((b === '<' || b === '>') && isIn(next, TYPE_BRACKET_NODES)) return '';
    if (a === '<' && isIn(previous, TYPE_BRACKET_NODES)) return '';
    if (a === '-' && previous.astNode?.$type === 'UnaryExpression') return '';
    return ' ';
}

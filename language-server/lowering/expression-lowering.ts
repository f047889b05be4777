// Lowers Weft expressions to IR `Expr` trees: every bare name gets the scope it denotes,
// durations become milliseconds and sizes bytes, template strings become text/expr parts.
// Pure translation of a linked AST; unresolved names raise a LoweringError.
import type { Expr, RefScope } from '../../runtime/ir/expression.js';
import type { Connector, Expression, Referable } from '../generated/ast.js';
import { isConnector, isForeachItem, isInputDeclaration, isLambdaParameter, isOutputDeclaration, isSecretDeclaration, isVarDeclaration } from '../generated/ast.js';
import { decodeTemplateTexts } from '../parser/string-literals.js';
import { LoweringError } from './lowering-error.js';
import { rangeOf } from './source-ranges.js';
import { durationToMs, sizeToBytes } from './units.js';

/** Called for each connector an expression names (so file-level connectors join the bundle). */
export type ConnectorSink = (connector: Connector) => void;

export function scopeOf(target: Referable): RefScope {
    if (isInputDeclaration(target)) return 'input';
    if (isVarDeclaration(target)) return 'var';
    if (isOutputDeclaration(target)) return 'output';
    if (isSecretDeclaration(target)) return 'secret';
    if (isLambdaParameter(target) || isForeachItem(target)) return 'local';
    if (isConnector(target)) return 'connector';
    return 'node';
}

export function lowerExpression(e: Expression, onConnector: ConnectorSink = () => {}): Expr {
    const range = rangeOf(e);
    const sub = (x: Expression) => lowerExpression(x, onConnector);
    switch (e.$type) {
        case 'NumberLiteral': return { kind: 'literal', value: e.value, range };
        case 'BooleanLiteral': return { kind: 'literal', value: e.value, range };
        case 'NullLiteral': return { kind: 'literal', value: null, range };
        case 'StringLiteral': return { kind: 'literal', value: e.value, range };
        case 'DurationLiteral': {
            const ms = durationToMs(e.value);
            if (ms === undefined) throw new LoweringError(`Invalid duration '${e.value}'`, range);
            return { kind: 'duration', ms, range };
        }
        case 'SizeLiteral': {
            const bytes = sizeToBytes(e.value);
            if (bytes === undefined) throw new LoweringError(`Invalid size '${e.value}'`, range);
            return { kind: 'size', bytes, range };
        }
        case 'TemplateLiteral': {
            const texts = decodeTemplateTexts(e.head, e.middles, e.tail);
            const parts: Array<string | Expr> = [];
            texts.forEach((text, i) => {
                if (text.length > 0) parts.push(text);
                if (i < e.parts.length) parts.push(sub(e.parts[i]));
            });
            return { kind: 'template', parts, range };
        }
        case 'ReferenceExpression': {
            const target = e.target.ref;
            if (!target) throw new LoweringError(`Unknown name '${e.target.$refText}'`, range);
            if (isConnector(target)) onConnector(target);
            return { kind: 'ref', name: target.name, scope: scopeOf(target), range };
        }
        case 'ContextExpression':
            return { kind: 'ref', name: e.keyword, scope: e.keyword, range };
        case 'MemberExpression':
            if (e.call) {
                return { kind: 'method', object: sub(e.receiver), method: e.member, args: e.args.map(sub), optional: e.optional, range };
            }
            return { kind: 'member', object: sub(e.receiver), property: e.member, optional: e.optional, range };
        case 'IndexExpression':
            return { kind: 'index', object: sub(e.receiver), index: sub(e.index), optional: e.optional, range };
        case 'CallExpression':
            return { kind: 'call', callee: e.callee, args: e.args.map(sub), range };
        case 'Lambda':
            return { kind: 'lambda', params: e.params.map(p => p.name), body: sub(e.body), range };
        case 'UnaryExpression':
            return { kind: 'unary', op: e.operator, operand: sub(e.operand), range };
        case 'BinaryExpression':
        case 'LogicalExpression':
            return { kind: 'binary', op: e.operator, left: sub(e.left), right: sub(e.right), range };
        case 'ConditionalExpression':
            return { kind: 'conditional', test: sub(e.test), then: sub(e.whenTrue), else: sub(e.whenFalse), range };
        case 'ListLiteral':
            return { kind: 'list', items: e.items.map(sub), range };
        case 'ObjectLiteral':
            return { kind: 'object', entries: e.entries.map(en => ({ key: en.key ?? en.quotedKey ?? '', value: sub(en.value) })), range };
    }
}

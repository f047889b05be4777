// Diagram model — prints an IR expression back to Weft source form, for edge conditions and
// node labels in the diagram. Pure and total: every `Expr` kind prints; it never evaluates.
// Parentheses are added only where precedence needs them.

import type { BinaryOperator, Expr } from '../../runtime/ir/expression.js';

const BINARY_PRECEDENCE: Record<BinaryOperator, number> = {
  '??': 2, or: 3, and: 4,
  '==': 6, '!=': 6, '<': 6, '<=': 6, '>': 6, '>=': 6,
  in: 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9,
};
const CONDITIONAL = 1;
const NOT = 5;
const NEGATE = 10;
const POSTFIX = 11;
const PRIMARY = 12;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The Weft source text of `expr`. */
export function printExpression(expr: Expr): string {
  return print(expr, 0);
}

function precedenceOf(expr: Expr): number {
  switch (expr.kind) {
    case 'conditional': return CONDITIONAL;
    case 'lambda': return CONDITIONAL;
    case 'binary': return BINARY_PRECEDENCE[expr.op];
    case 'unary': return expr.op === 'not' ? NOT : NEGATE;
    case 'member': case 'index': case 'call': case 'method': return POSTFIX;
    default: return PRIMARY;
  }
}

/** Prints `expr`, parenthesised when it binds more loosely than `context` requires. */
function print(expr: Expr, context: number): string {
  const text = printBare(expr);
  return precedenceOf(expr) < context ? `(${text})` : text;
}

function printBare(expr: Expr): string {
  switch (expr.kind) {
    case 'literal': return printJson(expr.value);
    case 'duration': return printDuration(expr.ms);
    case 'size': return printSize(expr.bytes);
    case 'template': return printTemplate(expr.parts);
    case 'ref': return expr.name;
    case 'member': return `${print(expr.object, POSTFIX)}${expr.optional ? '?.' : '.'}${expr.property}`;
    case 'index': return `${print(expr.object, POSTFIX)}${expr.optional ? '?.' : ''}[${print(expr.index, 0)}]`;
    case 'call': return `${expr.callee}(${printArgs(expr.args)})`;
    case 'method':
      return `${print(expr.object, POSTFIX)}${expr.optional ? '?.' : '.'}${expr.method}(${printArgs(expr.args)})`;
    case 'lambda': {
      const params = expr.params.length === 1 ? expr.params[0] : `(${expr.params.join(', ')})`;
      return `${params} => ${print(expr.body, CONDITIONAL)}`;
    }
    case 'unary':
      return expr.op === 'not' ? `not ${print(expr.operand, NOT)}` : `-${print(expr.operand, NEGATE)}`;
    case 'binary': {
      const p = BINARY_PRECEDENCE[expr.op];
      // Left-associative: the right operand needs parentheses at equal precedence.
      return `${print(expr.left, p)} ${expr.op} ${print(expr.right, p + 1)}`;
    }
    case 'conditional':
      return `${print(expr.test, CONDITIONAL + 1)} ? ${print(expr.then, CONDITIONAL)} : ${print(expr.else, CONDITIONAL)}`;
    case 'list': return `[${printArgs(expr.items)}]`;
    case 'object':
      if (expr.entries.length === 0) return '{}';
      return `{ ${expr.entries.map((e) => `${printKey(e.key)}: ${print(e.value, 0)}`).join(', ')} }`;
  }
}

function printArgs(args: Expr[]): string {
  return args.map((a) => print(a, 0)).join(', ');
}

function printKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function printJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(printJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${printKey(k)}: ${printJson(v)}`).join(', ')} }`;
}

function printTemplate(parts: Array<string | Expr>): string {
  let out = '"';
  for (const part of parts) {
    if (typeof part === 'string') out += JSON.stringify(part).slice(1, -1).replace(/\$\{/g, '\\${');
    else out += '${' + print(part, 0) + '}';
  }
  return out + '"';
}

const DURATION_UNITS: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];

/** `5000` -> `5s`; the largest unit that divides the value exactly, else milliseconds. */
export function printDuration(ms: number): string {
  if (ms > 0) for (const [unit, size] of DURATION_UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

const SIZE_UNITS: Array<[string, number]> = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];

/** `67108864` -> `64MB`; the largest binary unit that divides the value exactly, else bytes. */
export function printSize(bytes: number): string {
  if (bytes > 0) for (const [unit, size] of SIZE_UNITS) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes}B`;
}

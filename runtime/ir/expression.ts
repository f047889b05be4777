// IR — expressions as trees (LANGUAGE.md §5). The compiler resolves every name to what it
// denotes, so the evaluator never has to guess whether `x` is an input, a variable or a node.
// Durations are milliseconds and sizes are bytes by the time they reach the IR.

import type { SourceRange } from './source-range.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a bare name refers to. */
export type RefScope =
  | 'input'      // `input name: T`
  | 'var'        // `var name: T`
  | 'output'     // `output name: T`
  | 'secret'     // `secret name = env(...)` — the evaluator yields a redacting wrapper
  | 'node'       // a node's latest result (`charge.body.id`)
  | 'result'     // `result` inside a node's own block
  | 'event'      // `event` inside `where` / `correlate`
  | 'trigger'    // `trigger` (the run's trigger, e.g. `trigger.event`)
  | 'local'      // a lambda parameter or a `foreach … as x` item
  | 'connector'; // a connector name (only as the target of a connector task)

export type BinaryOperator =
  | 'or' | 'and'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '+' | '-' | '*' | '/' | '%'
  | '??' | 'in';

export type UnaryOperator = 'not' | '-';

export type Expr =
  | { kind: 'literal'; value: JsonValue; range?: SourceRange }
  /** A duration literal, already in milliseconds (`5s` -> 5000). */
  | { kind: 'duration'; ms: number; range?: SourceRange }
  /** A size literal, already in bytes (`64MB` -> 67108864). */
  | { kind: 'size'; bytes: number; range?: SourceRange }
  /** A string with `${}` interpolation: literal text and expressions in order. */
  | { kind: 'template'; parts: Array<string | Expr>; range?: SourceRange }
  | { kind: 'ref'; name: string; scope: RefScope; range?: SourceRange }
  | { kind: 'member'; object: Expr; property: string; optional: boolean; range?: SourceRange }
  | { kind: 'index'; object: Expr; index: Expr; optional: boolean; range?: SourceRange }
  /** A call of a standard-library function: `len(x)`, `now()`, `env("X")`. */
  | { kind: 'call'; callee: string; args: Expr[]; range?: SourceRange }
  /** A method-style call of a standard-library function on a value: `items.map(i => i.qty)`. */
  | { kind: 'method'; object: Expr; method: string; args: Expr[]; optional: boolean; range?: SourceRange }
  | { kind: 'lambda'; params: string[]; body: Expr; range?: SourceRange }
  | { kind: 'unary'; op: UnaryOperator; operand: Expr; range?: SourceRange }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; range?: SourceRange }
  | { kind: 'conditional'; test: Expr; then: Expr; else: Expr; range?: SourceRange }
  | { kind: 'list'; items: Expr[]; range?: SourceRange }
  | { kind: 'object'; entries: Array<{ key: string; value: Expr }>; range?: SourceRange };

// Debug adapter — what the DAP session needs from outside runtime/: compiling a .weft file and
// parsing expression text typed in the debug console, a condition or a logpoint. The runtime
// must not import language-server/, so the composition (cli/debug-adapter.ts) injects both.
import type { Expr } from '../ir/expression.js';
import type { WorkflowBundle, WorkflowDefinition } from '../ir/workflow-definition.js';

/** A located compile problem (1-based line and column, as printed by `weft compile`). */
export interface DebugDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type DebugCompileResult =
  | { ok: true; bundle: WorkflowBundle }
  | { ok: false; diagnostics: DebugDiagnostic[] };

/** Compiles `program` to the bundle of `workflow` (default: the file's first workflow). */
export type DebugCompile = (program: string, workflow?: string) => Promise<DebugCompileResult>;

/**
 * Parses expression text in the namespace of `workflow` (its inputs, vars, outputs, secrets
 * and nodes) to an IR expression. Throws an Error whose message says what is wrong.
 */
export type DebugExpressionParser = (text: string, workflow: WorkflowDefinition) => Expr;

export interface DebugServices {
  compile: DebugCompile;
  parseExpression: DebugExpressionParser;
}

/** What a compiler reports: every diagnostic with its severity (warnings too). */
export type CompileWithDiagnostics = (program: string, workflow?: string) => Promise<
  | { ok: true; bundle: WorkflowBundle }
  | { ok: false; diagnostics: Array<DebugDiagnostic & { severity: string }> }>;

/** The session's services from a compiler and an expression parser (the compositions' one line). */
export function debugServicesFrom(compile: CompileWithDiagnostics, parseExpression: DebugExpressionParser): DebugServices {
  return {
    async compile(program, workflow) {
      const result = await compile(program, workflow);
      if (result.ok) return { ok: true, bundle: result.bundle };
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      return { ok: false, diagnostics: errors.map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message })) };
    },
    parseExpression,
  };
}

/** The `launch` configuration of a `weft` debug session. */
export interface WeftLaunchArguments {
  /** The .weft file. */
  program: string;
  /** The workflow to run (default: the file's first). */
  workflow?: string;
  /** Inputs as an object, or `@file.json` relative to the program's folder. */
  input?: Record<string, unknown> | string;
  stopOnEntry?: boolean;
  /** Timers, retries and timeouts jump ahead instead of waiting. */
  virtualTime?: boolean;
  /** External events `[{ type, data, at }]` (at: ms after the start), or `@file.json`. */
  events?: Array<{ type: string; data?: unknown; at: number }> | string;
  /** A SQLite store file (default: an in-memory store). */
  store?: string;
  /** Extra environment for `secret x = env("X")` (merged over the adapter's own). */
  env?: Record<string, string>;
  /** The run's own deadline (`"10m"`, or ms) and step budget, as `weft run --timeout --step-budget`. */
  timeout?: string | number;
  stepBudget?: number;
  /** Log every DAP message to stderr. */
  trace?: boolean;
}


/** `attach`: carry on a paused or waiting run of a SQLite store under the debugger. */
export interface WeftAttachArguments {
  runId: string;
  /** The store file (default `.weft/runs.db` in the adapter's working folder). */
  store?: string;
  virtualTime?: boolean;
  /** Extra environment for the run's secrets. */
  env?: Record<string, string>;
}

// IR — the contract between the compiler (language-server/ lowers a checked .weft file to it)
// and everything that executes or shows a workflow: the engine, the journal, the debugger and
// the diagram. Plain JSON-serialisable data; no Langium, no vscode. `runtime/ir/schema.json`
// is the JSON Schema of a `WorkflowBundle`; `weft compile` prints one.

import type { Expr } from './expression.js';
import type { SourceRange } from './source-range.js';
import type { TypeDefinition, TypeRef } from './type-ref.js';

/** Bumped whenever the shape below changes incompatibly; stored with every run. */
export const IR_VERSION = 1;

/**
 * What a run starts from: the entry workflow plus every workflow it can reach through
 * `task n: workflow Other` (sub-runs, recursion included), the named types and the
 * file-level connectors they use. A run stores its bundle and the bundle's hash.
 */
export interface WorkflowBundle {
  irVersion: number;
  /** Name of the workflow a run of this bundle starts. */
  entry: string;
  workflows: Record<string, WorkflowDefinition>;
  types: Record<string, TypeDefinition>;
  /** sha256 of the canonical JSON of the bundle without this field (see `bundle-hash.ts`). */
  hash?: string;
}

export interface WorkflowDefinition {
  /** The workflow's name, unique in its bundle. */
  id: string;
  /** `version "x.y.z"`, or "0.0.0" when absent. */
  version: string;
  doc?: string;
  /** file:// URI of the .weft file the workflow was compiled from. */
  sourceUri: string;
  range: SourceRange;
  /** Every node, `start` and `end` included (ids `start` and `end`). */
  nodes: NodeDefinition[];
  edges: EdgeDefinition[];
  variables: VariableDefinition[];
  triggers: TriggerDefinition[];
  connectors: ConnectorDefinition[];
  /** The error routes (`on` edges) indexed by source node, derived from `edges`. */
  errorHandlers: ErrorHandler[];
  options: WorkflowOptions;
}

export interface WorkflowOptions {
  /** Node executions allowed in one run before it fails (LANGUAGE.md §4 rule 6). */
  stepBudget: number;
  /** Default time zone of schedules. */
  timeZone: string;
}

// ---------------------------------------------------------------------------------------------
// Variables and triggers

export type VariableRole = 'input' | 'output' | 'var' | 'secret';

export interface VariableDefinition {
  name: string;
  role: VariableRole;
  /** Secrets are typed `string`. */
  type: TypeRef;
  /** Input default or `var` initial value. */
  initial?: Expr;
  /**
   * The declared type, present only where the compiler could not prove `initial` fits it (an
   * `any` value such as `trigger.event.data`): the run checks the value when it starts and does
   * not start when it does not fit (as with a `set`, `Assignment.check`). Absent: no check.
   */
  initialCheck?: TypeRef;
  /** Secrets only: where the value comes from at run start. */
  secretSource?: { kind: 'env'; name: string };
  doc?: string;
  range: SourceRange;
}

export type TriggerDefinition =
  | { kind: 'manual'; range: SourceRange }
  | { kind: 'webhook'; method: string; path: string; range: SourceRange }
  | { kind: 'schedule'; cron: string; timeZone?: string; range: SourceRange }
  | { kind: 'event'; eventType: string; where?: Expr; range: SourceRange };

export interface ConnectorDefinition {
  name: string;
  /** The connector kind registered with the runtime (`http`, …). */
  kind: string;
  /** Settings in source order; `header "X" = expr` lowers to { key: 'header', name: 'X', value }. */
  settings: Array<{ key: string; name?: string; value: Expr }>;
  range: SourceRange;
}

// ---------------------------------------------------------------------------------------------
// Nodes

export type NodeKind = NodeDefinition['kind'];

interface NodeCommon {
  /** The node's name; `start` and `end` for the implicit ones. Unique within its graph. */
  id: string;
  doc?: string;
  range: SourceRange;
  /** Range of the node's name, for breakpoints, highlights and reveal. */
  nameRange: SourceRange;
}

/** Options shared by every task-like node (script, http, connector, workflow, ai, approval…). */
export interface TaskOptions {
  /** `with { … }`: an object expression. */
  with?: Expr;
  timeoutMs?: number;
  retry?: RetryPolicy;
  limits?: { memoryBytes?: number; cpuMs?: number; concurrency?: number };
  cache?: { ttlMs: number; key?: Expr };
  /** Name of the node run to compensate this one. */
  compensate?: string;
  lock?: string;
  /** `set x = expr` entries; `result` is bound to the node's result. */
  sets: Assignment[];
  idempotent: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt: `retry 5 times` = 6 attempts. */
  maxRetries: number;
  /** First delay. */
  delayMs: number;
  /** Multiplier applied after each retry (1 when absent). */
  backoff: number;
  maxDelayMs?: number;
  jitter: boolean;
  /** Error names that are never retried. */
  unless: string[];
}

export interface Assignment {
  /** A `var` or `output` name. */
  target: string;
  value: Expr;
  range?: SourceRange;
  /**
   * The target's declared type, present only where the compiler could not prove the value fits
   * it (an `any` value: a script result, an HTTP body, event data; a `T?` into `T`): the engine
   * checks the value at run time and fails the node with `ValueTypeError`. Absent (proven, or
   * a bundle compiled before this field existed): no check, no cost.
   */
  check?: TypeRef;
}

export interface StartNode extends NodeCommon { kind: 'start' }
export interface EndNode extends NodeCommon { kind: 'end' }

export interface ScriptNode extends NodeCommon {
  kind: 'script';
  /** `path` is absolute (resolved against the .weft file); `code` is an inline ES module. */
  script: { path: string } | { code: string };
  options: TaskOptions;
}

export interface HttpNode extends NodeCommon {
  kind: 'http';
  method: string;
  url: Expr;
  headers?: Expr;
  query?: Expr;
  body?: Expr;
  options: TaskOptions;
}

export interface ConnectorNode extends NodeCommon {
  kind: 'connector';
  connector: string;
  action: string;
  args: Expr[];
  options: TaskOptions;
}

export interface SubworkflowNode extends NodeCommon {
  kind: 'subworkflow';
  /** Key into `WorkflowBundle.workflows`. */
  workflow: string;
  options: TaskOptions;
}

export interface AiNode extends NodeCommon {
  kind: 'ai';
  model: Expr;
  prompt: Expr;
  system?: Expr;
  temperature?: Expr;
  maxTokens?: Expr;
  returns?: TypeRef;
  options: TaskOptions;
}

export interface ApprovalNode extends NodeCommon {
  kind: 'approval';
  ask: Expr;
  assignee?: Expr;
  options: TaskOptions;
}

export interface TimerNode extends NodeCommon {
  kind: 'timer';
  /** `wait n for 10m` (a duration expression) or `wait n until expr` (a time). */
  mode: 'for' | 'until';
  value: Expr;
}

export interface EventWaitNode extends NodeCommon {
  kind: 'event-wait';
  eventType: string;
  transient: boolean;
  where?: Expr;
  correlate?: Expr;
  timeoutMs?: number;
}

export interface ListenNode extends NodeCommon {
  kind: 'listen';
  alternatives: Array<{ eventType: string; where?: Expr; correlate?: Expr; range: SourceRange }>;
  timeoutMs?: number;
}

export interface EmitNode extends NodeCommon {
  kind: 'emit';
  eventType: string;
  data?: Expr;
}

export interface SetNode extends NodeCommon {
  kind: 'set';
  assignments: Assignment[];
}

export interface JoinNode extends NodeCommon {
  kind: 'join';
  /** `all` (default), `first`, or `count` with `n`. */
  policy: 'all' | 'first' | 'count';
  n?: number;
  cancel: boolean;
}

export interface ForkNode extends NodeCommon { kind: 'fork' }

export interface FailNode extends NodeCommon {
  kind: 'fail';
  message: Expr;
  code?: string;
}

export interface TerminateNode extends NodeCommon { kind: 'terminate' }

/** An inner graph, with its own implicit `start` and `end`. */
export interface GraphDefinition {
  nodes: NodeDefinition[];
  edges: EdgeDefinition[];
}

export interface ForeachNode extends NodeCommon {
  kind: 'foreach';
  items: Expr;
  as: string;
  concurrency?: number;
  until?: Expr;
  body: GraphDefinition;
}

export interface RegionNode extends NodeCommon {
  kind: 'region';
  exclusive: boolean;
  body: GraphDefinition;
}

export type NodeDefinition =
  | StartNode | EndNode
  | ScriptNode | HttpNode | ConnectorNode | SubworkflowNode | AiNode | ApprovalNode
  | TimerNode | EventWaitNode | ListenNode | EmitNode | SetNode
  | JoinNode | ForkNode | FailNode | TerminateNode
  | ForeachNode | RegionNode;

/** Node kinds that carry `TaskOptions`. */
export type TaskNode = ScriptNode | HttpNode | ConnectorNode | SubworkflowNode | AiNode | ApprovalNode;

export const TASK_KINDS: ReadonlyArray<TaskNode['kind']> = ['script', 'http', 'connector', 'subworkflow', 'ai', 'approval'];

export function isTaskNode(node: NodeDefinition): node is TaskNode {
  // The kinds of TASK_KINDS, as a switch: the engine asks this several times per step.
  switch (node.kind) {
    case 'script': case 'http': case 'connector': case 'subworkflow': case 'ai': case 'approval': return true;
    default: return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Edges

export type EdgeKind =
  | 'always'     // A -> B
  | 'when'       // A -> B when expr
  | 'otherwise'  // A -> B otherwise
  | 'error'      // A -> B on ErrorName / on error (error = '*')
  | 'timeout'    // A -> B on timeout
  | 'event';     // A -> B on "event.type" (after a listen)

export interface EdgeDefinition {
  /** Stable within the graph: `${from}->${to}#${n}` where n counts duplicates from 0. */
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  condition?: Expr;
  /** For `error` edges: the error name, or '*' for `on error`. */
  error?: string;
  /** For `event` edges: the event type. */
  event?: string;
  /** Position among the out-edges of `from` in source order (guards are tried in this order). */
  order: number;
  range: SourceRange;
}

export interface ErrorHandler {
  node: string;
  /** Error name, '*' (any error) or 'timeout'. */
  on: string;
  target: string;
  edge: string;
}

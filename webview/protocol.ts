// Extension <-> webview protocol of the diagram: every message either side may post, as
// discriminated unions, and the runtime validators the extension runs on everything that
// arrives from the webview before acting on it. Types and pure functions only (no DOM, no vscode).

import type { DiagramDocumentModel } from '../language-server/diagram/diagram-model.js';

export type {
  DiagramDiagnostic, DiagramDocumentModel, DiagramEdge, DiagramEdgeKind, DiagramGraph, DiagramNode, DiagramSeverity, DiagramWorkflow,
} from '../language-server/diagram/diagram-model.js';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A node's state in a run or debug session (from the runtime's journal). */
export type NodeRunStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'failed' | 'skipped' | 'cancelled';
export const NODE_RUN_STATUSES: readonly NodeRunStatus[] = ['pending', 'running', 'waiting', 'completed', 'failed', 'skipped', 'cancelled'];

/** Per-node figures of finished runs (the runtime's metrics). */
export interface NodeMetrics { count: number; meanMs: number; p95Ms?: number; failures?: number }

export type LayoutDirection = 'RIGHT' | 'DOWN';

/**
 * Extension -> webview. Node ids are diagram ids (`Workflow/node`, `Workflow/loop/node`):
 * whoever feeds run or debug state maps the runtime's node names onto them.
 */
export type HostToWebviewMessage =
  /** A new model; ignored when its stamp is older than the one shown. */
  | { type: 'model'; model: DiagramDocumentModel }
  /** The editor's cursor moved: highlight the node under it (null: no cursor in this document). */
  | { type: 'cursor'; uri: string; position: Position | null }
  /** Where a debug session is stopped, or the nodes a run is executing now. */
  | { type: 'currentNodes'; nodeIds: string[] }
  /** Nodes holding a breakpoint. */
  | { type: 'breakpoints'; nodeIds: string[] }
  /** Nodes that have run at least once in the active run. */
  | { type: 'visitedNodes'; nodeIds: string[] }
  /** Per-node status of the active run (nodes not listed have none). */
  | { type: 'nodeStatus'; statuses: Record<string, NodeRunStatus> }
  /** Counts and durations overlaid on the nodes; null removes the overlay. */
  | { type: 'metrics'; metrics: Record<string, NodeMetrics> | null }
  /** The run or session ended: drop current, visited, status (breakpoints stay). */
  | { type: 'clearRun' }
  /** Toolbar actions the extension can trigger (commands, tests). */
  | { type: 'action'; action: 'fit' | 'exportSvg' | 'exportPng' | 'toggleDirection' | 'collapseAll' | 'expandAll' };

/** Webview -> extension. Validate with `parseWebviewMessage` before acting. */
export type WebviewToHostMessage =
  /** The webview has loaded and listens; the host sends the model now. */
  | { type: 'ready' }
  /** Reveal and select a range of a document (a click on a node or an edge). */
  | { type: 'reveal'; uri: string; range: Range }
  /** A model has been laid out and drawn. */
  | { type: 'rendered'; uri: string; stamp: number; nodes: number; edges: number; layoutMs: number; renderMs: number }
  /** An export the host should save: SVG text or a PNG `data:` URL. */
  | { type: 'export'; format: 'svg' | 'png'; data: string; name: string }
  /** The node highlighted for the editor's cursor changed (null: none). */
  | { type: 'highlighted'; nodeId: string | null }
  /** Toggle a breakpoint on a node's line (a click on its breakpoint dot). */
  | { type: 'toggleBreakpoint'; uri: string; line: number }
  /** Something went wrong inside the webview (layout failure…), for the output channel. */
  | { type: 'error'; message: string };

/** Largest export accepted from the webview (a PNG data URL of a big graph stays well below). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
const MAX_TEXT = 4096;

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (max = MAX_TEXT): Check => (v) => typeof v === 'string' && v.length <= max;
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e9;
const isDuration: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isUri: Check = (v) => typeof v === 'string' && v.length <= MAX_TEXT && /^[a-zA-Z][\w+.-]*:/.test(v);
const isPosition: Check = (v) => isObject(v) && isCount(v.line) && isCount(v.character) && Object.keys(v).length === 2;
const isRange: Check = (v) => isObject(v) && isPosition(v.start) && isPosition(v.end);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);

const SHAPES: Record<WebviewToHostMessage['type'], Record<string, Check>> = {
  ready: {},
  reveal: { uri: isUri, range: isRange },
  rendered: { uri: isUri, stamp: isCount, nodes: isCount, edges: isCount, layoutMs: isDuration, renderMs: isDuration },
  export: {
    format: oneOf('svg', 'png'), data: isString(MAX_EXPORT_CHARS),
    name: (v) => typeof v === 'string' && /^[\w.-]{1,128}$/.test(v),
  },
  toggleBreakpoint: { uri: isUri, line: isCount },
  highlighted: { nodeId: (v) => v === null || isString()(v) },
  error: { message: isString() },
};

/**
 * The message if `value` is a well-formed webview message, else undefined. Unknown types,
 * missing or extra fields and wrongly typed values are all rejected.
 */
export function parseWebviewMessage(value: unknown): WebviewToHostMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string' || !Object.hasOwn(SHAPES, value.type)) return undefined;
  const shape = SHAPES[value.type as WebviewToHostMessage['type']];
  for (const key of Object.keys(value)) if (key !== 'type' && !Object.hasOwn(shape, key)) return undefined;
  for (const [key, check] of Object.entries(shape)) if (!check(value[key])) return undefined;
  if (value.type === 'export') {
    const data = value.data as string;
    if (value.format === 'png' && !data.startsWith('data:image/png;base64,')) return undefined;
    if (value.format === 'svg' && !data.trimStart().startsWith('<svg')) return undefined;
  }
  return value as WebviewToHostMessage;
}

/** What the webview keeps across reloads (`vscode.setState`); the serializer reads `uri`. */
export interface DiagramViewState {
  uri?: string;
  direction: LayoutDirection;
  /** The user picked the direction; until then it follows the panel's shape (tall: top-down). */
  directionChosen?: boolean;
  collapsed: string[];
  minimap: boolean;
}

/** Reads a persisted state defensively (it comes back from the webview on reload). */
export function parseViewState(value: unknown): DiagramViewState {
  const state: DiagramViewState = { direction: 'RIGHT', collapsed: [], minimap: true };
  if (!isObject(value)) return state;
  if (isUri(value.uri)) state.uri = value.uri as string;
  if (value.direction === 'DOWN') state.direction = 'DOWN';
  if (value.directionChosen === true) state.directionChosen = true;
  if (Array.isArray(value.collapsed)) state.collapsed = value.collapsed.filter((c): c is string => typeof c === 'string' && c.length <= MAX_TEXT);
  if (value.minimap === false) state.minimap = false;
  return state;
}

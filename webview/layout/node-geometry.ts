// Webview layout — the footprint of each node kind (what elkjs reserves) and the shape family
// the renderer draws in it. One table, so layout and drawing can never disagree on sizes.

import type { NodeKind } from '../../runtime/ir/workflow-definition.js';

export type ShapeFamily = 'circle' | 'task' | 'subprocess' | 'assign' | 'event' | 'gateway' | 'stop' | 'container';

export interface KindGeometry { shape: ShapeFamily; width: number; height: number }

const TASK: KindGeometry = { shape: 'task', width: 184, height: 52 };

export const KIND_GEOMETRY: Record<NodeKind, KindGeometry> = {
  start: { shape: 'circle', width: 36, height: 36 },
  end: { shape: 'circle', width: 36, height: 36 },
  script: TASK, http: TASK, connector: TASK, ai: TASK, approval: TASK,
  subworkflow: { shape: 'subprocess', width: 184, height: 52 },
  set: { shape: 'assign', width: 164, height: 48 },
  timer: { shape: 'event', width: 172, height: 48 },
  'event-wait': { shape: 'event', width: 184, height: 48 },
  listen: { shape: 'event', width: 184, height: 48 },
  emit: { shape: 'event', width: 172, height: 48 },
  join: { shape: 'gateway', width: 148, height: 48 },
  fork: { shape: 'gateway', width: 148, height: 48 },
  fail: { shape: 'stop', width: 184, height: 48 },
  terminate: { shape: 'stop', width: 148, height: 48 },
  foreach: { shape: 'container', width: 184, height: 52 },
  region: { shape: 'container', width: 184, height: 52 },
};

/** Height of the title band of a workflow frame or an expanded foreach/region. */
export const CONTAINER_HEADER = 40;
export const CONTAINER_PADDING = 16;
/** Left inset of a node's text (room for its icon). */
export const TEXT_INSET = 34;

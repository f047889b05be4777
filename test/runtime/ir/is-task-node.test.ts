// IR helpers — `isTaskNode` (a switch, for the engine's hot path) answers true exactly for the
// kinds listed in `TASK_KINDS`, the list the language server and the docs use.

import assert from 'node:assert/strict';
import { isTaskNode, TASK_KINDS, type NodeDefinition, type NodeKind } from '../../../runtime/ir/index.js';

const ALL_KINDS: Record<NodeKind, true> = {
  start: true, end: true, script: true, http: true, connector: true, subworkflow: true, ai: true, approval: true,
  timer: true, 'event-wait': true, listen: true, emit: true, set: true, join: true, fork: true, fail: true,
  terminate: true, foreach: true, region: true,
};

describe('isTaskNode', () => {
  for (const kind of Object.keys(ALL_KINDS) as NodeKind[]) {
    const expected = (TASK_KINDS as readonly string[]).includes(kind);
    it(`answers ${expected} for a '${kind}' node, as TASK_KINDS says`, () => {
      assert.equal(isTaskNode({ kind } as NodeDefinition), expected);
    });
  }
});

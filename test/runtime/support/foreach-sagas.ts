// Test support — sagas inside `foreach` (docs/runtime.md "foreach and region"): a workflow whose
// iterations book with a compensation, passed twice by a back-edge loop and then failed, so each
// compensation must see the item and results of its own pass; shared by the engine and recovery tests.

import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { bin, body, fail, foreach, list, lit, local, node, setNode, task, v, workflow } from './ir-builder.js';

/** A foreach whose (idempotent) iterations book with a compensation, passed twice by a loop, then a failure. */
export function sagaTwice() {
  const item = (k: number) => bin('+', bin('*', v('n'), lit(10)), lit(k));
  return workflow('SagaTwice', {
    nodes: [
      foreach('loop', list(item(0), item(1)), 'item', body([
        task('prep', 'ok', [bin('+', lit('p'), local('item'))], { idempotent: true }),
        task('book', 'ok', [node('prep')], { compensate: 'unbook', idempotent: true }),
        task('unbook', 'ok', [list(local('item'), node('prep'))], { idempotent: true }),
      ], ['start -> prep -> book -> end']), { concurrency: 1 }),
      setNode('again', { n: bin('+', v('n'), lit(1)) }),
      fail('stop', 'no', 'Stopped'),
    ],
    edges: ['start -> loop -> again', ['again -> loop', { when: bin('<', v('n'), lit(2)) }], ['again -> stop', { otherwise: true }]],
    vars: { n: lit(0) },
  });
}

/** The compensations' results in the order they completed. */
export async function undone(store: { readEvents(id: string): Promise<JournalEvent[]> }, runId: string): Promise<Array<[string, unknown]>> {
  return (await store.readEvents(runId)).flatMap((e) => e.type === 'NodeCompleted' && e.node.endsWith('.unbook') ? [[e.node, e.result] as [string, unknown]] : []);
}

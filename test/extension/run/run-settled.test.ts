// Specification of when a live run "settles" for the editor (extension/run/run-settled.ts):
// it ended, or it waits for a person or an event; a timer alone does not settle it.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { waitingFor, whenSettled } from '../../../extension/run/run-settled.js';
import { compileSource } from './compile-source.js';

const source = `
workflow Ship {
  output shipped: boolean
  set prepare { shipped = false }
  approval signOff { ask "Ship it?" }
  set done { shipped = true }
  start -> prepare -> signOff -> done -> end
}
`;

describe('run command: settled runs', () => {
  it('settles a run that waits for an approval, naming what it waits for', async () => {
    const engine = new Engine({ store: new MemoryRunStore(), clock: new VirtualClock(0), executors: defaultExecutors() });
    const { runId } = await engine.start(await compileSource(source));
    const state = await whenSettled(engine, runId);
    assert.equal(state.status, 'waiting');
    assert.deepEqual(waitingFor(state), ['approval at signOff']);
    engine.halt();
  });

  it('settles again when the approved run completes', async () => {
    const engine = new Engine({ store: new MemoryRunStore(), clock: new VirtualClock(0), executors: defaultExecutors() });
    const { runId } = await engine.start(await compileSource(source));
    await whenSettled(engine, runId);
    await engine.approve(runId, 'signOff', { approved: true, by: 'me' }, 'test');
    const state = await whenSettled(engine, runId);
    assert.equal(state.status, 'completed');
    assert.deepEqual(state.outputs, { shipped: true });
    engine.halt();
  });
});

// Engine — an engine's runs recorded as carried by this process (`runtime/store/run-carriers.ts`):
// each run it journals while the record lives, until the run ends. The CLI's commands, the
// editor's engine and the debugger use it for a store on disk.

import { RunCarrier } from '../store/run-carriers.js';
import type { Engine } from './engine.js';

/** Records the runs `engine` carries (as `what`, e.g. `weft run`) for other processes of `storeFile`; `release` when done. */
export function recordCarriedRuns(engine: Engine, storeFile: string, what: string): { release(): void } {
  const carrier = new RunCarrier(storeFile, what);
  const stop = engine.onEvent((e) => {
    if (e.kind === 'journal') carrier.carry(e.runId);
    // A run that ended here, or that this engine gave up (its journal could not be written): not carried here any more.
    else if (e.kind === 'run-finished' || e.kind === 'run-crashed') carrier.drop(e.runId);
  });
  return {
    release() {
      stop();
      carrier.release();
    },
  };
}

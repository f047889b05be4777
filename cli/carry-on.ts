// CLI — the common tail of `weft resume`, `approve` and `emit`: carry the runs on in this
// process until they end or wait for the outside, then report each (`--json`: one object per
// run, as `weft run --json`) and give the exit code of the worst status.
import type { Engine } from '../runtime/engine/engine.js';
import type { CliIo } from './command.js';
import { ExitCode } from './command.js';
import { driveRuns } from './drive-run.js';
import type { EventSchedule } from './scheduled-events.js';
import { exitCodeFor, runResultJson, waitingHints } from './run-result.js';

export async function carryOn(engine: Engine, runIds: readonly string[], io: CliIo, json: boolean, alsoDrive: readonly string[] = [], schedule?: EventSchedule): Promise<number> {
    await driveRuns(engine, [...runIds, ...alsoDrive], schedule);
    schedule?.cancel();
    let code: number = ExitCode.ok;
    const results = [];
    for (const id of runIds) {
        const state = engine.peek(id) ?? await engine.inspect(id);
        const result = runResultJson(state);
        results.push(result);
        code = Math.max(code, exitCodeFor(state.status));
        if (json) continue;
        const shown = state.status === 'running' && !state.paused ? 'waiting' : state.status;
        io.stdout(`Run ${id} ${shown}${result.error ? `: ${result.error.name}${result.error.node ? ` at ${result.error.node}` : ''}: ${result.error.message}` : ''}\n`);
        if (state.status === 'completed') io.stdout(`  outputs ${JSON.stringify(state.outputs)}\n`);
        for (const hint of waitingHints(state)) io.stdout(`  waiting for ${hint}\n`);
    }
    if (json) io.stdout(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    return code;
}

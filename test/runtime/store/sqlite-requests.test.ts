// Requests to the carrier of a run on a SQLite store (`sqlite-requests.ts`, `engine-carrier.ts`),
// between two engines of one process, as the editor's and its inline debugger's are: each records
// the runs it carries; a control or an event the other asks for goes through the store's
// `requests` table to the carrier, which applies it (journaled as the asker) and answers once
// durable. (Between processes: test/cli/run-carriers.test.ts.)

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../../../runtime/engine/engine.js';
import { recordCarriedRuns } from '../../../runtime/engine/engine-carrier.js';
import { RunCarriedElsewhereError } from '../../../runtime/engine/run-execution.js';
import { carrierElsewhereIn, carriedRunsIn } from '../../../runtime/store/run-carriers.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { approval, bundleOf, join, lit, setNode, timer, ms, waitEvent, workflow } from '../support/ir-builder.js';

describe('requests to the carrier of a run on a SQLite store', function () {
  this.timeout(20_000);
  let dir: string;
  let file: string;
  const closing: Array<() => Promise<void> | void> = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-requests-'));
    file = path.join(dir, 'runs.db');
  });
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An engine on its own connection to the store, recording what it carries as `what` (the editor, the debugger). */
  const carrierEngine = (what: string) => {
    const store = new SqliteRunStore({ file });
    const engine = new Engine({ store, environment: {}, carriedElsewhere: carrierElsewhereIn(file) });
    const carried = recordCarriedRuns(engine, file, what);
    closing.push(() => store.close(), () => carried.release(), () => engine.halt());
    return { engine, store };
  };

  // A run that stays carried (a ten-minute timer) while an approval and an event wait beside it.
  const forked = workflow('Forked', {
    nodes: [timer('nap', 'for', ms(600_000)), approval('ok', 'ship it?'), waitEvent('go', 'go'), join('both'), setNode('done', { out: lit(1) })],
    edges: ['start -> nap', 'start -> ok', 'start -> go', 'nap -> both', 'ok -> both', 'go -> both', 'both -> done'],
    vars: {}, outputs: ['out'],
  });

  it('passes a control and an event asked of one engine to the other engine of the process that carries the run', async () => {
    const debuggerSide = carrierEngine('the Weft debugger');
    const editorSide = carrierEngine('VS Code (the Weft extension)');
    const { runId } = await debuggerSide.engine.start(bundleOf(forked));
    for (let i = 0; i < 100 && debuggerSide.engine.peek(runId)?.status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual([...carriedRunsIn(file, editorSide.engine).keys()], [runId], "to the editor's engine the debugger's record is elsewhere");
    assert.deepEqual([...carriedRunsIn(file).keys()], [], 'to this process as a whole it is its own');
    const holder = `the Weft debugger (pid ${process.pid})`;

    // Resuming it here would carry it in two engines: refused, naming the carrier.
    const refused = await editorSide.engine.resume(runId).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof RunCarriedElsewhereError, String(refused));
    assert.match(refused.message, /^Run \S+ is carried by the Weft debugger in this process \(since \S+\); act on it there, or end it there first$/);
    // A control that does not apply: the carrier's error, as the asker's own.
    await assert.rejects(editorSide.engine.approve(runId, 'nope', { approved: true }, 'vscode'), (err: Error) => err.name === 'ControlError' && /nope/.test(err.message));
    // Applied by the carrier, durable when the asker hears so.
    assert.deepEqual(await editorSide.engine.approve(runId, 'ok', { approved: true }, 'vscode'), { carriedBy: holder });
    const decided = (await editorSide.store.readEvents(runId)).find((e) => e.type === 'ApprovalDecided');
    assert.equal(decided?.actor, 'vscode');
    // An event from outside delivered by the editor's engine: taken by the run the debugger carries.
    const offered: string[] = [];
    const took = await editorSide.engine.deliverEvent('go', { n: 1 }, { loadUnfinished: true, actor: 'vscode', offeredElsewhere: (answers) => { for (const a of answers) offered.push(`${a.holder} ${a.answer?.ok}`); } });
    assert.deepEqual([took, offered], [[runId], [`${holder} true`]]);
    assert.deepEqual(await editorSide.engine.setVariable(runId, 'out', 7, 'vscode'), { carriedBy: holder });
    assert.equal(debuggerSide.engine.peek(runId)?.outputs['out'], 7);
    assert.deepEqual(editorSide.engine.activeRuns(), [], 'the editor carries nothing: the run stayed with the debugger');
    assert.equal(debuggerSide.engine.peek(runId)?.status, 'waiting', 'on its timer, there');
    // Cancelled from the editor: the debugger's run ends there.
    assert.deepEqual(await editorSide.engine.cancel(runId, 'vscode'), { carriedBy: holder });
    assert.equal((await debuggerSide.engine.inspect(runId)).status, 'cancelled');
  });

  it('leaves a run to its asker once no live carrier has it', async () => {
    const editorSide = carrierEngine('VS Code (the Weft extension)');
    const debuggerSide = carrierEngine('the Weft debugger');
    const { runId } = await debuggerSide.engine.start(bundleOf(forked));
    for (let i = 0; i < 100 && debuggerSide.engine.peek(runId)?.status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 10));
    // The debugger session ends (its engine halts, its record goes): the editor acts on the run itself.
    debuggerSide.engine.halt();
    for (const close of closing.splice(3, 3).reverse()) await close();
    assert.deepEqual(await editorSide.engine.approve(runId, 'ok', { approved: true }, 'vscode'), {});
    assert.deepEqual(editorSide.engine.activeRuns(), [runId]);
  });
});

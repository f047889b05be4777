// Profiling aid — the floor of the runtime's contract: a bare-JavaScript interpreter of straight
// task chains that does only what issue 3 makes every step and run do (journal before effect,
// a clock reading per commit, a state folded from the events with a history entry and a result
// per node, a run record, an outcome), measured with the benchmark's own loop on the sequence
// and the 1,000 concurrent 10-step runs. No engine can honour the contract for less on this
// machine; the figures say how much of the benchmark's target that leaves for everything else.
// `lean` leaves out the `start` and `end` nodes' executions (Weft journals them; the contract
// does not ask for them), the floor of a journal without them.
//   node out/bench/runtime/profile/contract-floor.js [seq|conc] [reps] [lean]

import { SCENARIOS, measure, type Subject } from '../scenarios.js';

interface Step { id: string; next: Step | undefined; routes: readonly object[] }
interface Exec { start: object; end: object | undefined }
// What lives as long as a run is made without an allocation site (class instances, `slice()`d
// arrays), as the engine makes it since session 6b: V8 pretenures a literal's site once 1,000 runs
// in flight survive scavenges, and an old run object pointing at young events kept them alive
// through every scavenge (docs/runtime.md "Performance"; without this the floor's concurrent batch
// mean read 0.37–0.73 µs per step, above the engine's).
const NO_ITEMS: never[] = [];

class Token {
  exec = -1;
  constructor(public node: string, public attempt: number) {}
}

class Run {
  journal: object[] = NO_ITEMS.slice();
  seq = 0;
  status = 'running';
  history: Exec[] = NO_ITEMS.slice();
  results: Array<{ node: string; result: unknown }> = NO_ITEMS.slice();
  steps = 0;
  constructor(readonly id: string, readonly token: Token) {}
}

class RunRecord {
  constructor(readonly runId: string, readonly workflow: string, public status: string, readonly createdAt: number, readonly journal: object[]) {}
}

class Handle {
  constructor(readonly runId: string, readonly outcome: Promise<unknown>) {}
}

const noop = (): Promise<unknown> => Promise.resolve(null);
const MANUAL = Object.freeze({ kind: 'manual' });
const INPUTS = Object.freeze({});

const lean = process.argv[4] === 'lean';

function chain(n: number): Step {
  let next: Step | undefined = lean ? undefined : { id: 'end', next: undefined, routes: Object.freeze([]) };
  for (let i = n - 1; i >= (lean ? 0 : -1); i--) {
    const id = i < 0 ? 'start' : `t${i}`;
    const to = next?.id ?? 'end';
    next = { id, next, routes: Object.freeze([Object.freeze({ edge: `${id}->${to}#0`, to, token: 1 })]) };
  }
  return next!;
}

let counter = 0;
let runs = new Map<string, RunRecord>();

/** The contract's work for one run of `first`'s chain: what `Engine.start` and its outcome must do. */
async function run(first: Step): Promise<{ runId: string; status: string; state: Run }> {
  const id = `run_${++counter}`;
  const r = new Run(id, new Token(first.id, 0));
  runs.set(id, new RunRecord(id, 'W', 'running', Date.now(), r.journal));
  let at = Date.now();
  const commit = (e: { seq: number }): void => {
    e.seq = ++r.seq;
    r.journal.push(e);
  };
  commit({ type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: INPUTS, trigger: MANUAL, token: 1, seq: 0, at } as { seq: number });
  let node: Step | undefined = first;
  while (node) {
    const started = { type: 'NodeStarted', node: node.id, token: 1, attempt: 1, seq: 0, at };
    commit(started);
    r.token.node = node.id;
    r.token.attempt = 1;
    r.token.exec = r.history.push({ start: started, end: undefined }) - 1;
    r.steps++;
    let result: unknown = null;
    if (node.id !== 'start' && node.id !== 'end') {
      result = await noop();
      at = Date.now();
    }
    const completed = { type: 'NodeCompleted', node: node.id, token: 1, result, routes: node.routes, seq: 0, at };
    commit(completed);
    r.history[r.token.exec]!.end = completed;
    r.results.push(completed);
    node = node.next;
  }
  commit({ type: 'RunCompleted', outputs: INPUTS, seq: 0, at } as { seq: number });
  r.status = 'completed';
  return { runId: id, status: r.status, state: r };
}

/** `Engine.start`'s shape: a promise of a handle whose `outcome` settles when the run ends. */
function start(first: Step): Promise<{ runId: string; outcome: Promise<unknown> }> {
  const outcome = run(first);
  return Promise.resolve(new Handle(`run_${counter}`, outcome));
}

const seq = chain(1000);
const ten = chain(10);
const subject: Subject = {
  name: 'contract floor',
  async setup() {},
  async beforeRun() { runs = new Map(); }, // a new table, as the engine's when idle (`Engine.forget`)
  async sequence() { await (await start(seq)).outcome; },
  async parallel() { throw new Error('not modelled'); },
  async concurrent(n) {
    const handles = await Promise.all(Array.from({ length: n }, () => start(ten)));
    await Promise.all(handles.map((h) => h.outcome));
  },
  async teardown() { runs = new Map(); },
};

const which = process.argv[2] ?? 'seq';
const reps = Number(process.argv[3] ?? 9);
const scenario = SCENARIOS.find((s) => s.key === (which === 'conc' ? 'concurrent' : 'sequence'))!;
const f = await measure(subject, scenario, reps);
console.log(`contract floor${lean ? ' (lean)' : ''} ${scenario.key}: cpu ${f.cpu.toFixed(3)} µs/step, wall ${f.wall.toFixed(3)} µs/step`);

// Profiling aid — how low a journalling interpreter can go on this machine: four bare-JavaScript
// loops, each adding one piece of the work issue 3 requires, measured with the benchmark's own
// loop beside aws-local-stepfunctions in one process, with the ratio 10× would need. Where
// `contract-floor.ts` models Weft's state as arrays written at each step, this ladder keeps only
// the journal (Weft's history and results are views over it since session 6).
//   node out/bench/runtime/profile/bare-ladder.js [seq|conc] [reps]
//
// L0  `await` of a no-op async step, nothing else (what any engine pays for the step itself)
// L1  + one journal event per step stamped with a real clock reading
// L2  + a start and a completion event per step (journal before effect), one reading per commit
// L3  + a run record in a table and a handle whose `outcome` settles at the end (`Engine.start`)
// L4  L3 driven as the engine drives a run (session 11): no async function; each step a promise
//     reaction to the executor's promise through one pair of bound handlers per run; the `start`
//     and `end` nodes journalled as Weft journals them; one clock reading per commit from a
//     ticker (the engine's `wallNow` reads a copy, not `Date.now()`). The floor of Weft's design.

import { stepFunctionsSubject } from '../peer-subjects.js';
import { SCENARIOS, measure, type Subject } from '../scenarios.js';

const noop = (): Promise<unknown> => Promise.resolve(null);
// Arrays that live as long as a run are `slice()`d, not literals (see contract-floor.ts).
const NO_EVENTS: object[] = [];

async function bare(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await noop();
}

async function oneEvent(n: number): Promise<object[]> {
  const journal = NO_EVENTS.slice();
  let seq = 0;
  journal.push({ type: 'RunStarted', seq: ++seq, at: Date.now() });
  for (let i = 0; i < n; i++) {
    const result = await noop();
    journal.push({ type: 'Step', node: i, result, seq: ++seq, at: Date.now() });
  }
  journal.push({ type: 'RunCompleted', seq: ++seq, at: Date.now() });
  return journal;
}

async function twoEvents(n: number, journal = NO_EVENTS.slice()): Promise<object[]> {
  let seq = 0;
  let at = Date.now();
  journal.push({ type: 'RunStarted', seq: ++seq, at });
  for (let i = 0; i < n; i++) {
    journal.push({ type: 'NodeStarted', node: i, token: 1, attempt: 1, seq: ++seq, at });
    const result = await noop();
    at = Date.now();
    journal.push({ type: 'NodeCompleted', node: i, token: 1, result, seq: ++seq, at });
  }
  journal.push({ type: 'RunCompleted', seq: ++seq, at });
  return journal;
}

class RunRecord {
  status = 'running';
  constructor(readonly id: string, readonly journal: object[]) {}
}

class Handle<T = RunRecord> {
  constructor(readonly runId: string, readonly outcome: Promise<T>) {}
}

let counter = 0;
let runs = new Map<string, RunRecord>();

function started(n: number): Promise<Handle> {
  const id = `run_${++counter}`;
  const record = new RunRecord(id, NO_EVENTS.slice());
  runs.set(id, record);
  const outcome = twoEvents(n, record.journal).then(() => {
    record.status = 'completed';
    return record;
  });
  return Promise.resolve(new Handle(id, outcome));
}

function rung(name: string, run: (n: number) => Promise<unknown>): Subject {
  return {
    name,
    async setup() {},
    async beforeRun() { runs = new Map(); },
    async sequence() { await run(1000); },
    async parallel() { throw new Error('not modelled'); },
    async concurrent(k) { await Promise.all(Array.from({ length: k }, () => run(10))); },
    async teardown() {},
  };
}

const l3: Subject = {
  ...rung('L3 + run record and handle', started),
  async sequence() { await (await started(1000)).outcome; },
  async concurrent(k) {
    const handles = await Promise.all(Array.from({ length: k }, () => started(10)));
    await Promise.all(handles.map((h) => h.outcome));
  },
};

/** L4: one object per run that journals and steps itself (see the header). */
class SteppingRun {
  private next = 0;
  private seq = 0;
  status = 'running';
  readonly outcome: Promise<SteppingRun>;
  private resolve!: (run: SteppingRun) => void;
  private reject!: (err: unknown) => void;
  private readonly ok = this.settled.bind(this);
  private readonly err = this.failed.bind(this);
  constructor(readonly id: string, private readonly steps: number, readonly journal: object[]) {
    this.outcome = new Promise<SteppingRun>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  begin(): void {
    const at = tickerNow;
    const journal = this.journal;
    journal.push({ type: 'RunStarted', seq: ++this.seq, at });
    journal.push({ type: 'NodeStarted', node: 'start', token: 1, attempt: 1, seq: ++this.seq, at });
    journal.push({ type: 'NodeCompleted', node: 'start', token: 1, result: null, routes: NO_EVENTS, seq: ++this.seq, at });
    journal.push({ type: 'NodeStarted', node: 0, token: 1, attempt: 1, seq: ++this.seq, at });
    noop().then(this.ok, this.err);
  }

  private settled(result: unknown): void {
    const at = tickerNow;
    const journal = this.journal;
    journal.push({ type: 'NodeCompleted', node: this.next, token: 1, result, routes: NO_EVENTS, seq: ++this.seq, at });
    if (++this.next < this.steps) {
      journal.push({ type: 'NodeStarted', node: this.next, token: 1, attempt: 1, seq: ++this.seq, at });
      noop().then(this.ok, this.err);
      return;
    }
    journal.push({ type: 'NodeStarted', node: 'end', token: 1, attempt: 1, seq: ++this.seq, at });
    journal.push({ type: 'NodeCompleted', node: 'end', token: 1, result: null, routes: NO_EVENTS, seq: ++this.seq, at });
    journal.push({ type: 'RunCompleted', seq: ++this.seq, at });
    this.status = 'completed';
    this.resolve(this);
  }

  private failed(err: unknown): void {
    this.status = 'failed';
    this.reject(err);
  }
}

/** L4's clock: a copy a 1 ms timer refreshes while L4 is measured (no timer during the other rungs). */
let tickerNow = Date.now();
let ticker: ReturnType<typeof setInterval> | undefined;
let steppingRuns = new Map<string, SteppingRun>();

function stepping(n: number): Promise<Handle<SteppingRun>> {
  const id = `run_${++counter}`;
  const run = new SteppingRun(id, n, NO_EVENTS.slice());
  steppingRuns.set(id, run);
  run.begin();
  return Promise.resolve(new Handle(id, run.outcome));
}

const l4: Subject = {
  ...rung('L4 L3 stepped as Weft steps', stepping),
  async setup() {
    tickerNow = Date.now();
    ticker = setInterval(() => { tickerNow = Date.now(); }, 1);
  },
  async teardown() {
    clearInterval(ticker);
    ticker = undefined;
  },
  async beforeRun() { steppingRuns = new Map(); },
  async sequence() { await (await stepping(1000)).outcome; },
  async concurrent(k) {
    const handles = await Promise.all(Array.from({ length: k }, () => stepping(10)));
    await Promise.all(handles.map((h) => h.outcome));
  },
};

const which = process.argv[2] ?? 'seq';
const reps = Number(process.argv[3] ?? 3);
const scenario = SCENARIOS.find((s) => s.key === (which === 'conc' ? 'concurrent' : 'sequence'))!;
const subjects = [rung('L0 await only', bare), rung('L1 + one event, one clock', oneEvent), rung('L2 + start and completion', twoEvents), l3, l4, await stepFunctionsSubject()];
const figures: Array<[string, number]> = [];
for (const s of subjects) {
  await s.setup();
  const f = await measure(s, scenario, reps);
  await s.teardown();
  figures.push([s.name, f.wall]);
}
const peer = figures[figures.length - 1]![1];
console.log(`${scenario.title}, wall µs per step (best batch mean); 10× the peer would be ${(peer / 10).toFixed(3)}`);
for (const [name, wall] of figures) console.log(`  ${name.padEnd(30)} ${wall.toFixed(3)}  (peer ÷ this ${(peer / wall).toFixed(1)}×)`);

// Store — which process carries which runs of a store, so that no second process carries the
// same run at once (one durable journal per run, one writer). A process that carries runs of a
// store on disk (`weft run`, `weft resume`, `approve`, `retry`, `skip`, `set`, `emit`, the editor,
// the debugger) records them in `<store>.carriers/<pid>-<n>.json` while it lives: pid, what it
// is, since when, the unfinished runs it carries. Another process about to carry one of them (a
// `weft serve` resuming the store's unfinished runs at start, `weft resume --all`, a control)
// asks first (`carrierOf`) and leaves the run alone, or refuses with a clear error. Before this,
// both processes ran the run's started, idempotent or retriable nodes again, and the store's
// order check failed one of them only after the side effect. A record whose process is gone
// (killed with SIGKILL), or whose pid another process has since been given, is stale: ignored
// and removed. `weft serve` keeps its own marker (`serve-marker.ts`), through which every other
// process acts on the whole store.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ownProcessStart, processLives } from './process-identity.js';

export interface CarrierRecord {
  pid: number;
  /** When that process started, where the OS says (`process-identity.ts`): a later process given the same pid is not it. */
  pidStart?: string;
  /** What carries the runs: `weft run`, `weft resume`, `VS Code`… */
  command: string;
  startedAt: string;
  runIds: string[];
}

export function carriersDirFor(storeFile: string): string {
  return `${storeFile}.carriers`;
}

/** A carrier's record, and the file it is in. */
export interface FoundCarrier extends CarrierRecord {
  file: string;
}

/** Carriers made by this process so far: one process (the editor's) may hold several, each its own file. */
let carriersMade = 0;

/**
 * The owner (an engine) of each live carrier of this process, by record file. The editor's
 * engine and its debugger's (inline in the same process) each carry runs of one store: to an
 * asker that names itself, a record of this process whose owner is another counts as elsewhere.
 */
const ownersHere = new Map<string, object>();

/** This process's record of the runs of one store it carries. */
export class RunCarrier {
  private readonly runIds = new Set<string>();
  private readonly file: string;
  private readonly startedAt = new Date().toISOString();
  private released = false;

  constructor(private readonly storeFile: string, private readonly command: string, owner?: object) {
    this.file = path.join(carriersDirFor(storeFile), `${process.pid}-${++carriersMade}.json`);
    if (owner !== undefined) ownersHere.set(path.resolve(this.file), owner);
  }

  /** The record's name (`<pid>-<n>`): what requests to this carrier are addressed to (`sqlite-requests.ts`). */
  get name(): string {
    return path.basename(this.file, '.json');
  }

  /** Whether it carries any run now. */
  carriesAny(): boolean {
    return !this.released && this.runIds.size > 0;
  }

  /** Adds run `runId` to the record (written at once; a store whose folder cannot take it is not guarded). */
  carry(runId: string): void {
    if (this.released || this.runIds.has(runId)) return;
    this.runIds.add(runId);
    this.write();
  }

  /** Takes run `runId` out of the record (it ended here; a long-lived process's record stays short). */
  drop(runId: string): void {
    if (this.released || !this.runIds.delete(runId)) return;
    this.write();
  }

  private write(): void {
    const record: CarrierRecord = { pid: process.pid, command: this.command, startedAt: this.startedAt, runIds: [...this.runIds] };
    const pidStart = ownProcessStart();
    if (pidStart !== undefined) record.pidStart = pidStart;
    try {
      mkdirSync(carriersDirFor(this.storeFile), { recursive: true });
      // Whole or not at all for a reader: written beside, then renamed over the record.
      writeFileSync(`${this.file}.tmp`, JSON.stringify(record) + '\n');
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // Best effort: the store itself is what must be writable.
    }
  }

  /** Removes the record: this process carries none of the store's runs any more. */
  release(): void {
    if (this.released) return;
    this.released = true;
    ownersHere.delete(path.resolve(this.file));
    rmSync(this.file, { force: true });
  }
}

/**
 * The engine option `carriedElsewhere` for `storeFile`: why another live process carries a run,
 * if one does.
 */
export function carriedElsewhereIn(storeFile: string): (runId: string) => string | undefined {
  return (runId) => {
    const carrier = carrierOf(storeFile, runId);
    return carrier && carriedMessage(runId, carrier);
  };
}

/** A carrier record's name (`<pid>-<n>`, its file's), to which requests for its runs are addressed. */
export function carrierName(carrier: FoundCarrier): string {
  return path.basename(carrier.file, '.json');
}

/** How a carrier is named where a request passed to it is reported: `weft run (pid 123)`. */
export function carrierHolder(carrier: CarrierRecord): string {
  return `${carrier.command} (pid ${carrier.pid})`;
}

/** Whether the carrier's process still lives (the same process, not a later one given its pid). */
export function carrierLives(carrier: CarrierRecord): boolean {
  return processLives(carrier.pid, typeof carrier.pidStart === 'string' ? carrier.pidStart : undefined);
}

/**
 * The engine option `carriedElsewhere` for `storeFile` where the store passes requests to the
 * carrier (`SqliteRunStore.forwardRequest`): why another live process carries a run, and that
 * process (`holder`), so that a control is passed to it instead of refused.
 */
export function carrierElsewhereIn(storeFile: string): (runId: string, asker?: object) => { message: string; holder: string } | undefined {
  return (runId, asker) => {
    const carrier = carrierOf(storeFile, runId, asker);
    return carrier && { message: carriedMessage(runId, carrier), holder: carrierHolder(carrier) };
  };
}

/** The live carriers elsewhere that carry runs of `storeFile` (stale records are removed; `asker`: as `carrierOf`). */
export function liveCarriersIn(storeFile: string, asker?: object): FoundCarrier[] {
  return liveCarriers(storeFile, undefined, asker).filter((c) => c.runIds.length > 0);
}

/**
 * The live process other than this one that carries run `runId` of `storeFile`, if one does;
 * with `asker` (an engine), also another owner's carrier in this process.
 */
export function carrierOf(storeFile: string, runId: string, asker?: object): FoundCarrier | undefined {
  return liveCarriers(storeFile, runId, asker)[0];
}

/**
 * The runs of `storeFile` that live processes other than this one carry, each with its carrier
 * (one read of the records, for a question about many runs: which `weft prune` may delete).
 */
export function carriedRunsIn(storeFile: string, asker?: object): Map<string, FoundCarrier> {
  const carried = new Map<string, FoundCarrier>();
  for (const carrier of liveCarriers(storeFile, undefined, asker)) for (const runId of carrier.runIds) if (!carried.has(runId)) carried.set(runId, carrier);
  return carried;
}

/**
 * The records of live processes other than this one, and with `asker` of this process's carriers
 * owned by others (those that carry `runId`, when given; then the first found). Stale records
 * are removed.
 */
function liveCarriers(storeFile: string, runId?: string, asker?: object): FoundCarrier[] {
  let names: string[];
  try {
    names = readdirSync(carriersDirFor(storeFile));
  } catch {
    return [];
  }
  const found: FoundCarrier[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(carriersDirFor(storeFile), name);
    let record: CarrierRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as CarrierRecord;
    } catch {
      continue; // being written, or not ours
    }
    if (typeof record.pid !== 'number') continue;
    if (record.pid === process.pid) {
      const owner = ownersHere.get(path.resolve(file));
      if (asker === undefined || owner === undefined || owner === asker) continue;
    } else if (!carrierLives(record)) {
      // Left by a process that was killed: nothing carries its runs now.
      rmSync(file, { force: true });
      continue;
    }
    if (!Array.isArray(record.runIds)) continue;
    if (runId === undefined) found.push({ ...record, file });
    else if (record.runIds.includes(runId)) return [{ ...record, file }];
  }
  return found;
}

/** Why `runId` is not carried here: its carrier, what to do, and where its record is. */
export function carriedMessage(runId: string, carrier: FoundCarrier): string {
  return `Run ${runId} is ${carriedBy(carrier)}`;
}

/** `carried by <what> (pid, since); <what to do> (<its record>)`: the message without its subject. */
export function carriedBy(carrier: FoundCarrier): string {
  // Another engine of this process (the editor's, when the debugger asks): nothing to stop or wait for here.
  if (carrier.pid === process.pid) return `carried by ${carrier.command} in this process (since ${carrier.startedAt}); act on it there, or end it there first`;
  return `carried by ${carrier.command} (pid ${carrier.pid}, since ${carrier.startedAt}); act on it once that process has stopped, or stop it first (the process is alive; its record: ${carrier.file})`;
}

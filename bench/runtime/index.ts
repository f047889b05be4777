// Benchmark — `npm run bench -- runtime`: Weft's engine (memory, SQLite NORMAL, SQLite FULL
// with group commit) against xstate, aws-local-stepfunctions, @wmfs/statebox and bpmn-engine on the same
// no-op async step; prints µs per step and the ratio to each peer, and checks the targets.

import { SCENARIOS, benchMethod, type Figures } from './scenarios.js';
import { SUBJECTS, WEFT_MEMORY } from './subjects.js';
import { decisive } from './target-text.js';
import { benchPasses, bestOfPasses, type FigureOf } from './passes.js';
import { benchPairs, measurePairedLead } from './paired.js';
import { aloneInChild, measureInChild } from './child-figures.js';
import { FULL_TARGET_STEPS_PER_S, ISSUE_US_PER_ROW, REFERENCE_ROWS, fullAgainstReference, measureHostReference } from './host-reference.js';

process.removeAllListeners('warning'); // node:sqlite's ExperimentalWarning is not news here

export default async function run(args: string[]): Promise<void> {
  // `--quick`: a smoke run (each figure from ~0.3 s of batches instead of ≥ 2 s; not figures to record).
  if (args.includes('--quick')) process.env.WEFT_BENCH_TIMED_MS ??= '300';
  const reps = Number(args.find((a) => a.startsWith('--reps='))?.slice(7) ?? 3);
  const passes = benchPasses(args);
  const pairs = benchPairs(args);
  const method = benchMethod();
  console.log(method === 'batch'
    ? `figures: the best of ≥ ${reps} batches (≥ ${Number(process.env.WEFT_BENCH_TIMED_MS ?? 2000)} ms in all) of runs filling ≥ 50 ms each, as the batch's mean per step, after ≥ 500 ms of warm-up`
    : `figures: the best single run of ≤ 200 timed runs, after ≤ 200 warm-up runs (WEFT_BENCH_METHOD=run, the method of sessions 3–5)`);
  console.log('every subject is measured in a fresh process of its own');
  if (passes > 1) console.log(`${passes} passes: every subject is measured once per pass, in the same order; each figure is its best pass (the passes are minutes apart, so one slow stretch of the host spoils one pass, not the figure); the targets are also shown pass by pass`);
  console.log(`then the lead over the fastest peer in ${pairs} pair${pairs === 1 ? '' : 's'} per scenario: Weft in memory and that peer measured back to back, each in a fresh process of its own, alternating which goes first; the lead is the peer's best figure over Weft's best`);
  // The host's speed at the issue's own reference, before the subjects and again after them (the
  // host's speed moves within minutes here): `host-reference.ts`.
  const referenceBefore = await measureHostReference(reps);
  const subjects: string[] = [];
  const peers: string[] = [];
  /** Per pass: subject -> scenario -> figures. */
  const byPass: Array<Map<string, Map<string, Figures>>> = [];
  for (let pass = 1; pass <= passes; pass++) {
    const started = performance.now();
    const results = new Map<string, Map<string, Figures>>();
    // Each subject is measured in a Node process of its own (`measure-alone.js`), made there and
    // let go with it: no subject's live data (a peer's state machines, an engine's runs) sits in
    // the heap while another is measured, where every full garbage collection would mark it again
    // (session 4: with every peer made up front, Weft's figure for them moved between 0.8 and 1.6
    // µs per step), and no subject runs on the code of another in the JIT's caches (until session
    // 26 one process measured every subject in turn, and its second pass read Weft's split at
    // 1.20 µs where the first, with Weft measured first, read 0.84–0.87).
    for (const { name, peer } of SUBJECTS) {
      let alone;
      try {
        alone = await aloneInChild(name, SCENARIOS, reps);
      } catch (err) {
        console.log(`${name}: failed: ${(err as Error).message}`);
        continue;
      }
      if (alone.skipped !== undefined) {
        if (pass === 1) console.log(`(${peer ? 'peer' : 'subject'} skipped: ${alone.skipped})`);
        continue;
      }
      if (!subjects.includes(name)) subjects.push(name);
      if (peer && !peers.includes(name)) peers.push(name);
      const row = new Map<string, Figures>();
      for (const scenario of SCENARIOS) {
        const f = alone.figures?.[scenario.key];
        if (f === undefined) continue;
        if ('failed' in f) console.log(`${name} / ${scenario.title}: failed: ${f.failed}`);
        else row.set(scenario.key, f);
      }
      results.set(name, row);
    }
    byPass.push(results);
    if (passes > 1) console.log(`pass ${pass} of ${passes}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }

  const passFigure = (results: Map<string, Map<string, Figures>>) => (subject: string, key: string, kind: keyof Figures) => results.get(subject)?.get(key)?.[kind];
  const figure = bestOfPasses(byPass.map(passFigure));

  const paired = subjects.includes(WEFT_MEMORY) ? await measurePairedLead(SCENARIOS, WEFT_MEMORY, (sc) => fastestPeer(figure, peers, sc.key), pairs, measureInChild(reps)) : [];

  const referenceAfter = await measureHostReference(reps);
  if (passes > 1) console.log('');
  for (const kind of ['wall', 'cpu'] as const) {
    console.log(kind === 'wall' ? `wall-clock µs per step (${method === 'batch' ? 'the best batch mean' : 'the best run'}${passes > 1 ? ', best pass' : ''})` : '\nprocess CPU µs per step (user + system; less sensitive to other load)');
    const header = ['subject', ...SCENARIOS.map((s) => s.title)];
    printTable(header, subjects.map((name) => [name, ...SCENARIOS.map((sc) => format(figure(name, sc.key, kind)))]));
  }

  console.log('\nratio peer ÷ weft (memory), wall-clock (CPU): how many times faster Weft is');
  printTable(['peer', ...SCENARIOS.map((s) => s.title)], peers.map((p) => [p, ...SCENARIOS.map((sc) =>
    `${ratio(figure(p, sc.key, 'wall'), figure(WEFT_MEMORY, sc.key, 'wall'))} (${ratio(figure(p, sc.key, 'cpu'), figure(WEFT_MEMORY, sc.key, 'cpu'))})`)]));

  if (paired.length) {
    console.log('\nlead over the fastest peer, back-to-back pairs: wall µs per step, Weft (memory) / the peer = ratio');
    printTable(['scenario', 'fastest peer', ...paired[0]!.pairs.map((_, i) => `pair ${i + 1}`), 'best / best', 'median pair'], paired.map((l) => [
      l.scenario.title, l.peer, ...l.pairs.map((p) => `${format(p.weft)} / ${format(p.peer)} = ${p.ratio.toFixed(1)}×`),
      `${format(l.bestWeft)} / ${format(l.bestPeer)} = ${l.lead.toFixed(1)}×`, `${l.medianRatio.toFixed(1)}×`]));
  }

  console.log(`\nhost reference, no Weft code (issue 3: "node:sqlite here commits ${REFERENCE_ROWS}-row transactions at about ${ISSUE_US_PER_ROW} µs a row"): µs per row, wall (CPU)`);
  printTable(['reference', 'before the subjects', 'after them'], (['full', 'normal'] as const).map((k) => [
    `${REFERENCE_ROWS}-row transactions, WAL, synchronous=${k.toUpperCase()}`,
    `${format(referenceBefore[k].wall)} (${format(referenceBefore[k].cpu)})`,
    `${format(referenceAfter[k].wall)} (${format(referenceAfter[k].cpu)})`]));

  const pairedLead = paired.length ? Math.min(...paired.map((l) => l.lead)) : undefined;
  const best = targetFigures(figure, peers, pairedLead);
  if (passes > 1) {
    const each = byPass.map((results) => targetFigures(passFigure(results), peers));
    console.log('\ntargets, pass by pass (wall-clock; the lead here from one pass\'s figures, minutes apart)');
    printTable(['target', ...each.map((_, i) => `pass ${i + 1}`), 'best pass'], [
      ['in memory ≤ 1 µs/step (worst scenario)', ...[...each, best].map((t) => mark(met(t).mem, format(t.mem)))],
      ['in memory ≥ 10× the fastest peer (worst scenario)', ...[...each, best].map((t, i) =>
        mark(met(t).lead, `${t.lead.toFixed(1)}×${i === each.length && pairedLead !== undefined ? ' (pairs)' : ''}`))],
      ['SQLite NORMAL ≤ 20 µs/step (sequence)', ...[...each, best].map((t) => mark(met(t).normal, format(t.normal)))],
      [`SQLite FULL + group commit ≥ ${FULL_TARGET_STEPS_PER_S.toLocaleString('en')} steps/s`, ...[...each, best].map((t) => mark(met(t).full, Math.round(t.sps).toLocaleString('en')))],
    ]);
    console.log(`targets met in each pass: ${each.map((t) => `${Object.values(met(t)).filter(Boolean).length} of 4`).join(', ')}`);
  }
  const verdict = met(best);
  const said = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`\ntargets${passes > 1 ? ' (each figure its best pass)' : ''}`);
  console.log(`  in memory ≤ 1 µs/step (worst scenario): ${decisive(best.mem, 1, 2)} ${said(verdict.mem)}`);
  console.log(`  in memory ≥ 10× faster than the fastest peer (worst scenario${pairedLead === undefined ? '' : `, the best of ${pairs} back-to-back figure${pairs === 1 ? '' : 's'} each`}): ${decisive(best.lead, 10, 1)}× ${said(verdict.lead)}`);
  if (pairedLead !== undefined) {
    console.log(`    (the median pair's ratio: ${Math.min(...paired.map((l) => l.medianRatio)).toFixed(1)}×; from the best passes' figures, minutes apart: ${targetFigures(figure, peers).lead.toFixed(1)}×)`);
  }
  console.log(`  SQLite NORMAL ≤ 20 µs/step (sequence): ${best.normal === undefined ? '—' : decisive(best.normal, 20, 2)} ${said(verdict.normal)}`);
  console.log(`  SQLite FULL + group commit ≥ ${FULL_TARGET_STEPS_PER_S.toLocaleString('en')} steps/s (concurrent): ${Math.round(best.sps).toLocaleString('en')} ${said(verdict.full)}`);
  // Beside the verdict, not instead of it: the FULL target against the host's reference (its
  // faster reading of the two, so the scaled target is the harder one).
  const reference = Math.min(referenceBefore.full.wall, referenceAfter.full.wall);
  if (best.full && Number.isFinite(reference)) console.log(`    ${fullAgainstReference(best.full, reference)}`);
}

interface TargetFigures {
  /** In-memory µs per step, worst scenario. */
  mem: number;
  /** The fastest peer's figure over Weft's in memory, worst scenario. */
  lead: number;
  normal: number | undefined;
  full: number | undefined;
  sps: number;
}

/** The peer with the lowest wall figure for scenario `key`. */
function fastestPeer(figure: FigureOf, peers: readonly string[], key: string): string | undefined {
  let fastest: string | undefined;
  for (const p of peers) {
    const v = figure(p, key, 'wall');
    if (v !== undefined && (fastest === undefined || v < figure(fastest, key, 'wall')!)) fastest = p;
  }
  return fastest;
}

/** The target figures of `figure`; the lead is `pairedLead` when pairs measured it. */
function targetFigures(figure: FigureOf, peers: readonly string[], pairedLead?: number): TargetFigures {
  const full = figure('weft (SQLite FULL + group commit)', 'concurrent', 'wall');
  const mem = Math.max(...SCENARIOS.map((s) => figure(WEFT_MEMORY, s.key, 'wall') ?? Infinity));
  const lead = pairedLead ?? Math.min(...SCENARIOS.map((sc) => {
    const fastest = fastestPeer(figure, peers, sc.key);
    return (fastest === undefined ? Infinity : figure(fastest, sc.key, 'wall')!) / (figure(WEFT_MEMORY, sc.key, 'wall') ?? Infinity);
  }));
  return { mem, lead, normal: figure('weft (SQLite NORMAL)', 'sequence', 'wall'), full, sps: full ? 1e6 / full : 0 };
}

/** Whether each of issue 3's four targets is met by `t` (the one place their bounds are checked). */
function met(t: TargetFigures): { mem: boolean; lead: boolean; normal: boolean; full: boolean } {
  return { mem: t.mem <= 1, lead: t.lead >= 10, normal: t.normal !== undefined && t.normal <= 20, full: t.sps >= FULL_TARGET_STEPS_PER_S };
}

function mark(met: boolean, text: string): string {
  return `${text} ${met ? 'met' : 'NOT'}`;
}

function format(us: number | undefined): string {
  return us === undefined ? '—' : us.toFixed(2);
}

function ratio(peer: number | undefined, ours: number | undefined): string {
  return peer === undefined || ours === undefined ? '—' : `${(peer / ours).toFixed(1)}×`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

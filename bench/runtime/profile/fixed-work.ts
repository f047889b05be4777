// Profiling aid — a fixed amount of the benchmark's work, for counting instructions instead of
// timing them (the shared VM's load moves timings by more than a small change saves): the
// memory subject runs `warm` + `more` sequences (or batches of 1,000 concurrent runs), nothing else.
//   valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null --smc-check=all-non-file \
//     node --predictable --hash-seed=1 --random-seed=1 out/bench/runtime/profile/fixed-work.js seq 200 200
// Instructions per step = (count with `more` = 200 − count with 0) ÷ 200,000. The V8 flags make
// the count repeatable (one thread, fixed hash seeds); they are for measuring, not the product.
// The sequence repeats within ~0.3 instructions per step; the concurrent runs do not (two modes).

import { weftSubjects } from '../weft-subjects.js';

const which = process.argv[2] === 'conc' ? 'conc' : 'seq';
const warm = Number(process.argv[3] ?? 200);
const more = Number(process.argv[4] ?? 0);
const subject = weftSubjects[0]!;
await subject.setup();
for (let i = 0; i < warm + more; i++) {
  await subject.beforeRun?.();
  if (which === 'conc') await subject.concurrent(1000);
  else await subject.sequence();
}
await subject.teardown();

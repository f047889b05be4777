// Test support — every run of every conformance fixture (test/runtime/conformance), compiled and
// with its start options, for tests that check a property of the engine (same journal both
// ways, live state equals the fold) over the whole conformance set.

import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import type { StartOptions } from '../../../runtime/engine/engine.js';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import { fromRoot } from '../../support/paths.js';
import { CASES } from '../conformance/conformance-cases.js';

export interface ConformanceStart {
  fixture: string;
  bundle: WorkflowBundle;
  options: StartOptions;
}

/** Each fixture compiled once, then one entry per expected run (inputs, scheduled events). */
export async function* conformanceStarts(): AsyncGenerator<ConformanceStart> {
  for (const c of CASES) {
    const compiled = await compileWorkflow(fromRoot('test/runtime/conformance/fixtures', c.fixture));
    if (!compiled.ok) throw new Error(`conformance fixture ${c.fixture} does not compile`);
    for (const expected of c.runs) {
      const options: StartOptions = {};
      if (expected.inputs) options.inputs = expected.inputs;
      if (expected.events) options.events = expected.events;
      if (expected.stepBudget) options.stepBudget = expected.stepBudget;
      yield { fixture: c.fixture, bundle: compiled.bundle, options };
    }
  }
}

// Conformance — workflow control-flow patterns (van der Aalst et al., WCP) that Weft expresses,
// one workflow each with its expected trace (completed nodes in completion order). The table
// in docs/runtime.md says which patterns are direct, by idiom, or not supported.

import assert from 'node:assert/strict';
import type { WorkflowDefinition } from '../../../runtime/ir/index.js';
import type { ScheduledEvent } from '../../../runtime/engine/engine.js';
import {
  bin, bundleOf, fork, input, join, lit, listen, ms, setNode, task, terminate, timer, v, waitEvent, workflow,
} from '../support/ir-builder.js';
import { harness, trace } from '../support/engine-harness.js';

interface Pattern {
  id: string;
  name: string;
  wf: WorkflowDefinition;
  inputs?: Record<string, unknown>;
  events?: ScheduledEvent[];
  trace: string[];
  status?: string;
}

const s = setNode;
const patterns: Pattern[] = [
  { id: 'WCP-1', name: 'sequence', wf: workflow('P1', { nodes: [s('a'), s('b'), s('c')], edges: ['start -> a -> b -> c -> end'] }), trace: ['a', 'b', 'c'] },
  { id: 'WCP-2', name: 'parallel split', wf: workflow('P2', { nodes: [s('a'), s('b'), s('c')], edges: ['start -> a -> [b, c]'] }), trace: ['a', 'b', 'c'] },
  {
    id: 'WCP-3', name: 'synchronization',
    wf: workflow('P3', { nodes: [timer('b', 'for', ms(20)), timer('c', 'for', ms(10)), join('j'), s('d')], edges: ['start -> [b, c]', '[b, c] -> j -> d'] }),
    trace: ['c', 'b', 'j', 'd'],
  },
  {
    id: 'WCP-4', name: 'exclusive choice',
    wf: workflow('P4', { nodes: [s('big'), s('small')], edges: [['start -> big', { when: bin('>', input('n'), lit(10)) }], ['start -> small', { otherwise: true }]], inputs: { n: {} } }),
    inputs: { n: 3 }, trace: ['small'],
  },
  {
    id: 'WCP-5', name: 'simple merge',
    wf: workflow('P5', { nodes: [s('a'), s('b'), s('m')], edges: [['start -> a', { when: lit(false) }], ['start -> b', { otherwise: true }], '[a, b] -> m'] }),
    trace: ['b', 'm'],
  },
  {
    id: 'WCP-6', name: 'multi-choice',
    wf: workflow('P6', { nodes: [fork('f'), s('a'), s('b'), s('c')], edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(false) }], ['f -> c', { when: lit(true) }]] }),
    trace: ['f', 'a', 'c'],
  },
  {
    id: 'WCP-7', name: 'structured synchronizing merge',
    wf: workflow('P7', { nodes: [fork('f'), timer('a', 'for', ms(30)), s('b'), timer('c', 'for', ms(10)), join('j'), s('d')], edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(false) }], ['f -> c', { when: lit(true) }], '[a, b, c] -> j -> d'] }),
    trace: ['f', 'c', 'a', 'j', 'd'],
  },
  {
    id: 'WCP-8', name: 'multi-merge',
    wf: workflow('P8', { nodes: [s('a'), s('b'), s('m')], edges: ['start -> [a, b]', '[a, b] -> m'] }),
    trace: ['a', 'b', 'm', 'm'],
  },
  {
    id: 'WCP-9', name: 'structured discriminator',
    wf: workflow('P9', { nodes: [timer('a', 'for', ms(20)), timer('b', 'for', ms(10)), join('j', 'first'), s('d')], edges: ['start -> [a, b]', '[a, b] -> j -> d'] }),
    trace: ['b', 'j', 'd', 'a'],
  },
  {
    id: 'WCP-10', name: 'arbitrary cycles',
    wf: workflow('P10', { nodes: [s('a', { i: bin('+', v('i'), lit(1)) }), s('b')], edges: ['start -> a -> b', ['b -> a', { when: bin('<', v('i'), lit(3)) }]], vars: { i: lit(0) } }),
    trace: ['a', 'b', 'a', 'b', 'a', 'b'],
  },
  {
    id: 'WCP-11', name: 'implicit termination',
    wf: workflow('P11', { nodes: [s('a'), timer('b', 'for', ms(10))], edges: ['start -> [a, b]'] }),
    trace: ['a', 'b'],
  },
  {
    id: 'WCP-16', name: 'deferred choice',
    wf: workflow('P16', { nodes: [listen('l', ['approved', 'rejected']), s('ship'), s('refund')], edges: ['start -> l', ['l -> ship', { event: 'approved' }], ['l -> refund', { event: 'rejected' }]] }),
    events: [{ type: 'rejected', at: 10 }, { type: 'approved', at: 20 }], trace: ['l', 'refund'],
  },
  {
    id: 'WCP-17', name: 'interleaved parallel routing (by idiom: a shared lock)',
    wf: workflow('P17', { nodes: [task('a', 'ok', [], { lock: 'order' }), task('b', 'ok', [], { lock: 'order' })], edges: ['start -> [a, b]'] }),
    trace: ['a', 'b'],
  },
  {
    id: 'WCP-19', name: 'cancel task (by idiom: on timeout)',
    wf: workflow('P19', { nodes: [waitEvent('w', 'never', { timeoutMs: 100 }), s('skipped')], edges: ['start -> w', ['w -> skipped', { timeout: true }]] }),
    trace: ['skipped'],
  },
  {
    id: 'WCP-21', name: 'structured loop (while)',
    wf: workflow('P21', { nodes: [s('check'), s('body', { i: bin('+', v('i'), lit(1)) })], edges: ['start -> check', ['check -> body', { when: bin('<', v('i'), lit(2)) }], ['check -> end', { otherwise: true }], 'body -> check'], vars: { i: lit(0) } }),
    trace: ['check', 'body', 'check', 'body', 'check'],
  },
  {
    id: 'WCP-23', name: 'transient trigger',
    wf: workflow('P23', { nodes: [timer('first', 'for', ms(50)), waitEvent('w', 'go', { transient: true, timeoutMs: 1000 }), s('got'), s('missed')], edges: ['start -> first -> w -> got', ['w -> missed', { timeout: true }]] }),
    events: [{ type: 'go', at: 10 }], trace: ['first', 'missed'],
  },
  {
    id: 'WCP-24', name: 'persistent trigger',
    wf: workflow('P24', { nodes: [timer('first', 'for', ms(50)), waitEvent('w', 'go', { timeoutMs: 1000 }), s('got'), s('missed')], edges: ['start -> first -> w -> got', ['w -> missed', { timeout: true }]] }),
    events: [{ type: 'go', at: 10 }], trace: ['first', 'w', 'got'],
  },
  {
    id: 'WCP-28', name: 'blocking discriminator (join first in a loop)',
    wf: workflow('P28', {
      nodes: [s('split', { i: bin('+', v('i'), lit(1)) }), timer('a', 'for', ms(10)), timer('b', 'for', ms(20)), join('j', 'first'), s('after')],
      edges: ['start -> split -> [a, b]', '[a, b] -> j -> after', ['after -> split', { when: bin('<', v('i'), lit(2)) }]], vars: { i: lit(0) },
    }),
    trace: ['split', 'a', 'j', 'after', 'split', 'b', 'a', 'j', 'after', 'b'],
  },
  {
    id: 'WCP-29', name: 'cancelling discriminator',
    wf: workflow('P29', { nodes: [timer('a', 'for', ms(20)), timer('b', 'for', ms(10)), join('j', 'first', { cancel: true }), s('d')], edges: ['start -> [a, b]', '[a, b] -> j -> d'] }),
    trace: ['b', 'j', 'd'],
  },
  {
    id: 'WCP-30', name: 'structured partial join',
    wf: workflow('P30', { nodes: [timer('a', 'for', ms(30)), timer('b', 'for', ms(10)), timer('c', 'for', ms(20)), join('j', 'count', { n: 2 }), s('d')], edges: ['start -> [a, b, c]', '[a, b, c] -> j -> d'] }),
    trace: ['b', 'c', 'j', 'd', 'a'],
  },
  {
    id: 'WCP-32', name: 'cancelling partial join',
    wf: workflow('P32', { nodes: [timer('a', 'for', ms(30)), timer('b', 'for', ms(10)), timer('c', 'for', ms(20)), join('j', 'count', { n: 2, cancel: true }), s('d')], edges: ['start -> [a, b, c]', '[a, b, c] -> j -> d'] }),
    trace: ['b', 'c', 'j', 'd'],
  },
  {
    id: 'WCP-33', name: 'generalized AND-join (join in a loop)',
    wf: workflow('P33', {
      nodes: [s('split', { i: bin('+', v('i'), lit(1)) }), s('a'), timer('b', 'for', ms(10)), join('j'), s('after')],
      edges: ['start -> split -> [a, b]', '[a, b] -> j -> after', ['after -> split', { when: bin('<', v('i'), lit(2)) }]], vars: { i: lit(0) },
    }),
    trace: ['split', 'a', 'b', 'j', 'after', 'split', 'a', 'b', 'j', 'after'],
  },
  {
    id: 'WCP-38', name: 'general synchronizing merge (fork, join, cycle)',
    wf: workflow('P38', {
      nodes: [fork('f'), s('a', { i: bin('+', v('i'), lit(1)) }), s('b'), join('j')],
      edges: ['start -> f', ['f -> a', { when: lit(true) }], ['f -> b', { when: lit(true) }], ['a -> a', { when: bin('<', v('i'), lit(3)) }], ['a -> j', { otherwise: true }], 'b -> j'],
      vars: { i: lit(0) },
    }),
    trace: ['f', 'a', 'b', 'a', 'a', 'j'],
  },
  {
    id: 'WCP-39', name: 'critical section (lock)',
    wf: workflow('P39', { nodes: [task('w1', 'ok', [], { lock: 'db' }), task('w2', 'ok', [], { lock: 'db' }), s('x')], edges: ['start -> [w1, x]', 'x -> w2'] }),
    trace: ['x', 'w1', 'w2'],
  },
  {
    id: 'WCP-43', name: 'explicit termination',
    wf: workflow('P43', { nodes: [timer('slow', 'for', ms(100)), s('a'), terminate('stop')], edges: ['start -> [slow, a]', 'a -> stop'] }),
    trace: ['a', 'stop'],
  },
];

describe('workflow control-flow patterns (WCP)', () => {
  for (const p of patterns) {
    it(`${p.id} ${p.name}`, async () => {
      const { engine } = harness();
      const start: Parameters<typeof engine.start>[1] = {};
      if (p.inputs) start.inputs = p.inputs;
      if (p.events) start.events = p.events;
      const o = await (await engine.start(bundleOf(p.wf), start)).outcome;
      assert.equal(o.status, p.status ?? 'completed', JSON.stringify(o.error));
      assert.deepEqual(trace(o.state), p.trace);
    });
  }
});

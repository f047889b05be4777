// Specification of the standard library's time, JSON, uuid and conversion functions
// (runtime/expressions/stdlib/).
import assert from 'node:assert/strict';
import { evaluate } from '../../../../runtime/expressions/evaluate.js';
import { call, envOf } from '../expr-builders.js';
import { NOW, fn } from './call-helper.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('stdlib: time functions', () => {
  it('now reads the environment clock', () => {
    assert.equal(evaluate(call('now'), envOf({}, 1234)), 1234);
  });

  it('parseTime reads ISO 8601 and rejects anything else', () => {
    assert.equal(fn('parseTime', '2025-01-31T09:00:00Z'), NOW);
    assert.throws(() => fn('parseTime', 'yesterday'), /is not an ISO 8601 time/);
    assert.throws(() => fn('parseTime', '2025-13-45T99:00:00Z'), /is not an ISO 8601 time/);
  });

  it('formatTime as ISO by default or with a pattern, in UTC', () => {
    assert.equal(fn('formatTime', NOW), '2025-01-31T09:00:00.000Z');
    assert.equal(fn('formatTime', NOW + 5, 'YYYY/MM/DD HH:mm:ss.SSS'), '2025/01/31 09:00:00.005');
    assert.equal(fn('formatTime', '2025-01-31T09:00:00Z', 'DD.MM.YYYY'), '31.01.2025');
  });

  it('addDuration adds milliseconds or a duration text', () => {
    assert.equal(fn('addDuration', NOW, 86_400_000), NOW + 86_400_000);
    assert.equal(fn('addDuration', '2025-01-31T09:00:00Z', '1h30m'), NOW + 5_400_000);
  });

  it('durationOf parses duration text', () => {
    assert.equal(fn('durationOf', '250ms'), 250);
    assert.equal(fn('durationOf', '1h30m'), 5_400_000);
    assert.equal(fn('durationOf', '2d'), 172_800_000);
    assert.equal(fn('durationOf', 42), 42);
    assert.throws(() => fn('durationOf', '5 minutes'), /is not a duration/);
  });
});

describe('stdlib: json, uuid and conversions', () => {
  it('json and parseJson round-trip', () => {
    assert.equal(fn('json', { a: [1, null] }), '{"a":[1,null]}');
    assert.equal(fn('json', { a: 1 }, 2), '{\n  "a": 1\n}');
    assert.deepEqual(fn('parseJson', '{"a":[1,null]}'), { a: [1, null] });
    assert.throws(() => fn('parseJson', '{nope'), /parseJson\(\): invalid JSON/);
  });

  it('uuid gives a v4 UUID, deterministic with the environment\'s random source', () => {
    assert.match(fn('uuid') as string, UUID_V4);
    const seeded = () => {
      let s = 1;
      return () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    };
    const a = evaluate(call('uuid'), envOf({}, 0, seeded()));
    const b = evaluate(call('uuid'), envOf({}, 0, seeded()));
    assert.match(a as string, UUID_V4);
    assert.equal(a, b);
    assert.notEqual(fn('uuid'), fn('uuid'));
  });

  it('string and number convert', () => {
    assert.equal(fn('string', { a: 1 }), '{"a":1}');
    assert.equal(fn('string', null), 'null');
    assert.equal(fn('number', ' 42.5 '), 42.5);
    assert.equal(fn('number', true), 1);
    assert.throws(() => fn('number', 'abc'), /not a number/);
    assert.throws(() => fn('number', ''), /not a number/);
  });
});

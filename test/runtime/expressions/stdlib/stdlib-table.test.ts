// Specification of the standard-library table (runtime/expressions/stdlib/index.ts): one documented
// entry per function, with its signature and parameters, as hover and completion show them.
import assert from 'node:assert/strict';
import { STDLIB, findStdlibFunction } from '../../../../runtime/expressions/stdlib/index.js';

describe('stdlib table', () => {
  it('documents every function with a signature, a doc and its parameters', () => {
    for (const f of STDLIB) {
      assert.ok(f.doc.length > 10, `${f.name} has a doc`);
      assert.ok(f.signature.startsWith(`${f.name}(`), f.signature);
      assert.ok(f.signature.endsWith(`: ${f.returns}`), f.signature);
      assert.equal(f.params.filter((p) => !p.optional && !p.rest).length, f.minArgs);
    }
  });

  it('has one entry per name', () => {
    const names = STDLIB.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('contains the documented library and not env', () => {
    const expected = ['len', 'upper', 'lower', 'trim', 'split', 'join', 'replace', 'startsWith', 'endsWith', 'contains',
      'substring', 'format', 'map', 'filter', 'find', 'some', 'every', 'sum', 'min', 'max', 'sort', 'sortBy', 'reverse',
      'first', 'last', 'flatten', 'distinct', 'count', 'slice', 'concat', 'range', 'keys', 'values', 'entries', 'merge',
      'has', 'get', 'abs', 'round', 'floor', 'ceil', 'pow', 'sqrt', 'now', 'parseTime', 'formatTime', 'addDuration',
      'durationOf', 'json', 'parseJson', 'uuid'];
    for (const name of expected) assert.ok(findStdlibFunction(name), name);
    assert.equal(findStdlibFunction('env'), undefined);
  });

  it('renders signatures for hover', () => {
    assert.equal(findStdlibFunction('len')!.signature, 'len(x: list|string|map): number');
    assert.equal(findStdlibFunction('concat')!.signature, 'concat(items: list<T>, ...more: list<T>): list<T>');
    assert.equal(findStdlibFunction('round')!.signature, 'round(x: number, digits?: number): number');
  });
});

// CLI — the crash tests' store hook (`crash-hook.ts`): every journal append the engine makes is
// counted, the chain path's included (the hooked store offers no step appender of its own).

import assert from 'node:assert/strict';
import { crashHookStore } from '../../cli/crash-hook.js';
import { MemoryRunStore } from '../../runtime/store/memory-run-store.js';

describe('cli: the crash hook store', () => {
  const saved = { mode: process.env.WEFT_TEST_MODE, at: process.env.WEFT_TEST_CRASH_AT };
  afterEach(() => {
    for (const [key, value] of [['WEFT_TEST_MODE', saved.mode], ['WEFT_TEST_CRASH_AT', saved.at]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('takes away the store\'s step appender, so chain steps append through the hooked appendSync', () => {
    process.env.WEFT_TEST_MODE = '1';
    process.env.WEFT_TEST_CRASH_AT = 'after:1000000';
    const store = crashHookStore(new MemoryRunStore());
    assert.equal(store.stepAppender, undefined);
    assert.ok(store.appendSync);
  });

  it('leaves the store untouched outside test mode', () => {
    delete process.env.WEFT_TEST_MODE;
    const store = crashHookStore(new MemoryRunStore());
    assert.equal(typeof store.stepAppender, 'function');
  });
});

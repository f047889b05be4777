// Specification of the run command's input prompting logic (extension/run/input-prompts.ts):
// which inputs are asked for and how typed text becomes a value checked against the type.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { inputQuestions, parseInputText, rememberedText } from '../../../extension/run/input-prompts.js';
import { compileSource } from './compile-source.js';

const source = `
type Order {
  id: string
  items: list<string>
}

workflow Checkout {
  input order: Order
  input customer: string
  input note: string?
  input retries: number = 3
  output done: boolean

  set finish { done = true }
  start -> finish -> end
}
`;

describe('run command: input prompts', () => {
  it('asks for the inputs without a default and skips optional and defaulted ones', async () => {
    const bundle = await compileSource(source);
    const questions = inputQuestions(bundle);
    assert.deepEqual(questions.map((q) => [q.name, q.typeText]), [['order', 'Order'], ['customer', 'string']]);
  });

  it('accepts JSON that matches a named object type', async () => {
    const bundle = await compileSource(source);
    const order = inputQuestions(bundle)[0];
    assert.deepEqual(parseInputText('{"id":"o-1","items":["a"]}', order.type, bundle.types), { ok: true, value: { id: 'o-1', items: ['a'] } });
  });

  it('rejects JSON of the wrong shape with the path of the problem', async () => {
    const bundle = await compileSource(source);
    const order = inputQuestions(bundle)[0];
    const parsed = parseInputText('{"id":"o-1","items":[1]}', order.type, bundle.types);
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.message : '', /items/);
  });

  it('rejects text that is not JSON for a non-string type', () => {
    const parsed = parseInputText('{id:', { kind: 'number' });
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.message : '', /Not JSON/);
  });

  it('takes bare text for a string input, quoted or not', () => {
    assert.deepEqual(parseInputText('ada', { kind: 'string' }), { ok: true, value: 'ada' });
    assert.deepEqual(parseInputText('"ada"', { kind: 'string' }), { ok: true, value: 'ada' });
    assert.deepEqual(parseInputText('true', { kind: 'string' }), { ok: true, value: 'true' });
  });

  it('prefills a box with the value remembered for that input, as JSON', () => {
    assert.equal(rememberedText({ order: { id: 'x' } }, 'order'), '{"id":"x"}');
    assert.equal(rememberedText({ order: { id: 'x' } }, 'customer'), undefined);
    assert.equal(rememberedText(undefined, 'order'), undefined);
  });
});

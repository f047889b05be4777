// Specification of the connector registry (runtime/connectors/connector-registry.ts): built-in kinds,
// connector modules loaded from files, and the errors for unknown kinds.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultConnectorRegistry, loadConnectorModules } from '../../../runtime/connectors/connector-registry.js';
import { HttpConnector } from '../../../runtime/connectors/http-connector.js';
import { TaskError } from '../../../runtime/executors/task-error.js';

describe('connector registry', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'weft-conn-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('has the http kind built in, with documented actions', () => {
    const r = createDefaultConnectorRegistry();
    assert.deepEqual(r.kinds(), ['http']);
    assert.ok(r.create('http') instanceof HttpConnector);
    assert.deepEqual(r.get('http')!.actions!.map((a) => a.name), ['get', 'post', 'put', 'patch', 'delete', 'head']);
  });

  it('creates a fresh instance each time', () => {
    const r = createDefaultConnectorRegistry();
    assert.notEqual(r.create('http'), r.create('http'));
  });

  it('names an unknown kind and lists the known ones', () => {
    assert.throws(() => createDefaultConnectorRegistry().create('kafka'), (e: Error) => e instanceof TaskError && e.name === 'ConnectorUnknown' && /known: http/.test(e.message));
  });

  it('registers kinds from workspace modules, as a kind object or a factory', async () => {
    await writeFile(path.join(dir, 'echo.mjs'), `
      export default {
        doc: 'Echoes calls.',
        create() {
          let prefix = '';
          return {
            async connect(settings) { prefix = settings.find((s) => s.key === 'prefix')?.value ?? ''; },
            async execute(action, call) { return { action, said: prefix + call.args.join(' '), with: call.with ?? null }; },
            async disconnect() {},
          };
        },
      };`);
    await writeFile(path.join(dir, 'counter.mjs'), `
      export default () => { let n = 0; return { async connect() {}, async execute() { return ++n; }, async disconnect() {} }; };`);
    const r = createDefaultConnectorRegistry();
    await loadConnectorModules(r, { echo: './echo.mjs', counter: 'counter.mjs' }, dir);
    assert.deepEqual(r.kinds(), ['counter', 'echo', 'http']);
    const echo = r.create('echo');
    await echo.connect([{ key: 'prefix', value: '> ' }], {});
    assert.deepEqual(await echo.execute('say', { args: ['hi', 'there'], with: { x: 1 } }, {}), { action: 'say', said: '> hi there', with: { x: 1 } });
    const counter = r.create('counter');
    await counter.execute('inc', { args: [] }, {});
    assert.equal(await counter.execute('inc', { args: [] }, {}), 2);
  });

  it('explains a module that cannot load or exports the wrong thing', async () => {
    await writeFile(path.join(dir, 'bad.mjs'), 'export default 42;');
    await writeFile(path.join(dir, 'half.mjs'), 'export default () => ({ async connect() {} });');
    const r = createDefaultConnectorRegistry();
    await assert.rejects(loadConnectorModules(r, { gone: './missing.mjs' }, dir), /connector 'gone': cannot load .*missing\.mjs/);
    await assert.rejects(loadConnectorModules(r, { bad: './bad.mjs' }, dir), /must default-export a connector kind/);
    await loadConnectorModules(r, { half: './half.mjs' }, dir);
    assert.throws(() => r.create('half'), /must have connect, execute and disconnect/);
  });

  it('rejects kind names that are not identifiers', () => {
    assert.throws(() => createDefaultConnectorRegistry().register({ kind: 'my-kind', create: () => new HttpConnector() }), /not a valid name/);
  });
});

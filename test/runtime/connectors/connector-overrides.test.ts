// Specification of connector setting overrides from the environment
// (runtime/connectors/connector-overrides.ts): WEFT_CONNECTOR_<NAME>_<KEY> replaces a setting of
// one connector, typed like the setting it replaces. The CLI sample suite runs identity-check.weft
// against a CRM stub on a free port through WEFT_CONNECTOR_CRM_BASEURL, end to end.
import assert from 'node:assert/strict';
import { applyConnectorOverrides, connectorOverrideVariable } from '../../../runtime/connectors/connector-overrides.js';
import { TaskError } from '../../../runtime/executors/task-error.js';

const declared = [
  { key: 'baseUrl', value: 'http://127.0.0.1:8409' },
  { key: 'header', name: 'Accept', value: 'application/json' },
  { key: 'timeout', value: 5000 },
];

describe('connector overrides', () => {
  it('names the variable after the connector and the key, upper case', () => {
    assert.equal(connectorOverrideVariable('crm', 'baseUrl'), 'WEFT_CONNECTOR_CRM_BASEURL');
  });

  it('replaces the setting in its place and leaves the others alone', () => {
    const settings = applyConnectorOverrides('crm', declared, { WEFT_CONNECTOR_CRM_BASEURL: 'http://127.0.0.1:9000' });
    assert.deepEqual(settings, [
      { key: 'baseUrl', value: 'http://127.0.0.1:9000' },
      { key: 'header', name: 'Accept', value: 'application/json' },
      { key: 'timeout', value: 5000 },
    ]);
  });

  it('applies only to the connector it names', () => {
    const env = { WEFT_CONNECTOR_PAYMENTS_BASEURL: 'http://other', WEFT_CONNECTOR_CRMX_BASEURL: 'http://other' };
    assert.equal(applyConnectorOverrides('crm', declared, env), declared);
  });

  it('matches names case-insensitively, also a connector name with underscores', () => {
    const settings = applyConnectorOverrides('my_crm', [{ key: 'baseUrl', value: 'a' }], { weft_connector_MY_CRM_baseurl: 'b' });
    assert.deepEqual(settings, [{ key: 'baseUrl', value: 'b' }]);
  });

  it('types the value like the setting it replaces: a number of milliseconds for a duration', () => {
    const settings = applyConnectorOverrides('crm', declared, { WEFT_CONNECTOR_CRM_TIMEOUT: '250' });
    assert.deepEqual(settings[2], { key: 'timeout', value: 250 });
  });

  it('refuses a value that does not fit, naming the variable and never the other settings', () => {
    assert.throws(() => applyConnectorOverrides('crm', declared, { WEFT_CONNECTOR_CRM_TIMEOUT: '30s' }),
      (e: Error) => e instanceof TaskError && e.name === 'ConnectorConfigInvalid' && /WEFT_CONNECTOR_CRM_TIMEOUT must be a number/.test(e.message) && !e.message.includes('8409'));
    assert.throws(() => applyConnectorOverrides('flags', [{ key: 'strict', value: true }], { WEFT_CONNECTOR_FLAGS_STRICT: 'yes' }), /must be true or false/);
  });

  it('adds a setting the block does not declare, spelled as the connector kind documents it', () => {
    const settings = applyConnectorOverrides('crm', [{ key: 'baseUrl', value: 'a' }], { WEFT_CONNECTOR_CRM_TIMEOUT: '100' }, ['baseUrl', 'timeout']);
    assert.deepEqual(settings, [{ key: 'baseUrl', value: 'a' }, { key: 'timeout', value: 100 }]);
    assert.deepEqual(applyConnectorOverrides('crm', [], { WEFT_CONNECTOR_CRM_REGION: 'eu-1' })[0], { key: 'region', value: 'eu-1' });
  });

  it('refuses to override named settings (headers)', () => {
    assert.throws(() => applyConnectorOverrides('crm', declared, { WEFT_CONNECTOR_CRM_HEADER: 'x' }), /WEFT_CONNECTOR_CRM_HEADER: named settings \(header "…" = …\) cannot be overridden/);
  });

  it('returns the declared settings unchanged without an environment', () => {
    assert.equal(applyConnectorOverrides('crm', declared, undefined), declared);
  });
});

// Runtime connectors — public surface.
export type { Connector, ConnectorCall, ConnectorContext, ConnectorKind, ConnectorSetting, ConnectorActionInfo } from './connector.js';
export { DefaultConnectorRegistry, createDefaultConnectorRegistry, loadConnectorModules, type ConnectorRegistry } from './connector-registry.js';
export { HttpConnector, httpConnectorKind } from './http-connector.js';
export { applyConnectorOverrides, connectorOverrideVariable, type ConnectorEnvironment } from './connector-overrides.js';

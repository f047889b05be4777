// Engine — runs connector tasks (`task n: payments.post("/charges")`) through the connector
// registry. Owns the connectors' lifecycle per run: an instance is connected (settings
// evaluated in the run's scope, secrets included) on first use and disconnected when the run ends.

import type { ConnectorNode } from '../../ir/index.js';
import type { Connector } from '../../connectors/connector.js';
import { createDefaultConnectorRegistry, type ConnectorRegistry } from '../../connectors/connector-registry.js';
import { applyConnectorOverrides, connectorOverrideCredentials, type ConnectorEnvironment } from '../../connectors/connector-overrides.js';
import { TaskError } from '../../executors/task-error.js';
import type { TaskContext, TaskExecutor } from '../task-executor.js';

export class ConnectorTaskExecutor implements TaskExecutor<ConnectorNode> {
  private readonly instances = new Map<string, Map<string, Promise<Connector>>>();

  /** `environment`: where WEFT_CONNECTOR_<NAME>_<KEY> overrides are read (see connector-overrides.ts). */
  constructor(
    private readonly registry: ConnectorRegistry = createDefaultConnectorRegistry(),
    private readonly environment?: ConnectorEnvironment,
  ) {}

  async execute(ctx: TaskContext<ConnectorNode>): Promise<unknown> {
    const connector = await this.instance(ctx);
    const args = ctx.node.args.map((a) => ctx.evaluate(a));
    const call = ctx.node.options.with ? { args, with: ctx.input } : { args };
    return connector.execute(ctx.node.action, call, {
      signal: ctx.signal,
      log: (level, message) => ctx.log(level, message),
      ...(ctx.node.options.timeoutMs !== undefined ? { timeoutMs: ctx.node.options.timeoutMs } : {}),
    });
  }

  private instance(ctx: TaskContext<ConnectorNode>): Promise<Connector> {
    let perRun = this.instances.get(ctx.runId);
    if (!perRun) this.instances.set(ctx.runId, (perRun = new Map()));
    const name = ctx.node.connector;
    let p = perRun.get(name);
    if (!p) {
      const def = ctx.workflow.connectors.find((c) => c.name === name);
      if (!def) return Promise.reject(new TaskError('ConnectorUnknown', `workflow '${ctx.workflow.id}' declares no connector '${name}'`));
      p = (async () => {
        const connector = this.registry.create(def.kind);
        const declared = def.settings.map((s) => (s.name !== undefined ? { key: s.key, name: s.name, value: ctx.evaluate(s.value) } : { key: s.key, value: ctx.evaluate(s.value) }));
        const kindKeys = this.registry.get(def.kind)?.settings?.map((s) => s.key) ?? [];
        const settings = applyConnectorOverrides(name, declared, this.environment, kindKeys);
        await connector.connect(settings, { log: (level, message) => ctx.log(level, message) });
        return connector;
      })();
      perRun.set(name, p);
      p.catch(() => perRun!.delete(name));
    }
    return p;
  }

  /** Credentials among the environment's setting overrides (connector-overrides.ts), masked in every run. */
  credentials(): string[] {
    return connectorOverrideCredentials(this.environment);
  }

  /** Disconnects the run's connectors (called by the engine when a run ends). */
  async runEnded(runId: string): Promise<void> {
    const perRun = this.instances.get(runId);
    if (!perRun) return;
    this.instances.delete(runId);
    for (const p of perRun.values()) {
      try {
        await (await p).disconnect();
      } catch {
        // A connector that fails to disconnect does not change the run's outcome.
      }
    }
  }
}

// Runtime connectors — the registry of connector kinds by name. The runtime registers `http`;
// a workspace may add kinds from its own modules (`loadConnectorModules`). The registry only
// creates instances; the engine owns their lifecycle (connect per run, disconnect at the end).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TaskError } from '../executors/task-error.js';
import type { Connector, ConnectorKind } from './connector.js';
import { httpConnectorKind } from './http-connector.js';

export interface ConnectorRegistry {
  register(kind: ConnectorKind): void;
  has(kind: string): boolean;
  get(kind: string): ConnectorKind | undefined;
  kinds(): string[];
  /** A fresh instance of a kind; `ConnectorUnknown` when nothing is registered under it. */
  create(kind: string): Connector;
}

export class DefaultConnectorRegistry implements ConnectorRegistry {
  private readonly byKind = new Map<string, ConnectorKind>();

  register(kind: ConnectorKind): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(kind.kind)) throw new Error(`connector kind '${kind.kind}' is not a valid name`);
    this.byKind.set(kind.kind, kind);
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  get(kind: string): ConnectorKind | undefined {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  create(kind: string): Connector {
    const k = this.byKind.get(kind);
    if (!k) {
      throw new TaskError('ConnectorUnknown', `no connector kind '${kind}' is registered (known: ${this.kinds().join(', ') || 'none'})`);
    }
    return k.create();
  }
}

/** A registry holding the built-in kinds (`http`). */
export function createDefaultConnectorRegistry(): DefaultConnectorRegistry {
  const registry = new DefaultConnectorRegistry();
  registry.register(httpConnectorKind);
  return registry;
}

/**
 * Registers connector kinds from workspace modules, e.g. the setting
 * `weft.connectors: { "crm": "./connectors/crm.js" }`. Each module's default export is a
 * `ConnectorKind` (or a function returning a `Connector`, registered under the given name).
 * Paths are relative to `baseDir`. Errors name the kind and the file.
 */
export async function loadConnectorModules(
  registry: ConnectorRegistry,
  modules: Readonly<Record<string, string>>,
  baseDir: string,
): Promise<void> {
  for (const [kind, file] of Object.entries(modules)) {
    const full = path.resolve(baseDir, file);
    let mod: { default?: unknown };
    try {
      mod = await import(pathToFileURL(full).href) as { default?: unknown };
    } catch (err) {
      throw new Error(`connector '${kind}': cannot load ${full}: ${(err as Error).message}`);
    }
    const d = mod.default;
    if (typeof d === 'function') {
      registry.register({ kind, create: () => validateInstance(kind, (d as () => unknown)()) });
    } else if (typeof d === 'object' && d !== null && typeof (d as ConnectorKind).create === 'function') {
      const k = d as ConnectorKind;
      registry.register({ ...k, kind, create: () => validateInstance(kind, k.create()) });
    } else {
      throw new Error(`connector '${kind}': ${full} must default-export a connector kind ({ create() }) or a factory function`);
    }
  }
}

function validateInstance(kind: string, c: unknown): Connector {
  const x = c as Partial<Connector> | null;
  if (!x || typeof x.connect !== 'function' || typeof x.execute !== 'function' || typeof x.disconnect !== 'function') {
    throw new TaskError('ConnectorInvalid', `connector '${kind}' must have connect, execute and disconnect methods`);
  }
  return x as Connector;
}

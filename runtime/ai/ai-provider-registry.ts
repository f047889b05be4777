// Runtime AI — the providers a workspace configured, by name, with one default. A model
// written `name:model` (`local:llama3.2`) goes to the provider registered as `name`; any
// other model string goes to the default provider unchanged.
import { TaskError } from '../executors/task-error.js';
import type { AiProvider } from './ai-provider.js';

export class AiProviderRegistry {
  private readonly providers = new Map<string, AiProvider>();
  private defaultName: string | undefined;

  /** Registers a provider; the first one (or one marked `default`) is the default. */
  register(name: string, provider: AiProvider, options: { default?: boolean } = {}): void {
    this.providers.set(name, provider);
    if (options.default || this.defaultName === undefined) this.defaultName = name;
  }

  get(name: string): AiProvider | undefined {
    return this.providers.get(name);
  }

  names(): string[] {
    return [...this.providers.keys()];
  }

  /** Every provider's credentials (`AiProvider.credentials`), for the engine to mask. */
  credentials(): string[] {
    const held: string[] = [];
    for (const p of this.providers.values()) held.push(...(p.credentials?.() ?? []));
    return held;
  }

  /** The provider and the model name to send it for a node's `model` string. */
  resolve(model: string): { provider: AiProvider; providerName: string; model: string } {
    const i = model.indexOf(':');
    if (i > 0) {
      const name = model.slice(0, i);
      const p = this.providers.get(name);
      if (p) return { provider: p, providerName: name, model: model.slice(i + 1) };
    }
    if (this.defaultName === undefined) {
      throw new TaskError('AiProviderMissing', 'no AI provider is configured (set a base URL and key for an OpenAI-compatible endpoint in the workspace settings)');
    }
    return { provider: this.providers.get(this.defaultName)!, providerName: this.defaultName, model };
  }
}

// CLI — the engine a `weft` process runs workflows with: the standard executors, AI providers
// from the environment (`OPENAI_BASE_URL`, `OPENAI_API_KEY`), connector setting overrides from it
// (`WEFT_CONNECTOR_<NAME>_<KEY>`), the real clock or, with
// `--virtual-time`, a virtual one. Composition only: every rule lives in runtime/.
import os from 'node:os';
import { aiRegistryFromSettings } from '../runtime/ai/ai-settings.js';
import { RealClock } from '../runtime/engine/clock.js';
import { defaultExecutors } from '../runtime/engine/default-executors.js';
import { Engine } from '../runtime/engine/engine.js';
import { VirtualClock } from '../runtime/engine/virtual-clock.js';
import type { RunStore } from '../runtime/store/run-store.js';
import { carrierElsewhereIn } from '../runtime/store/run-carriers.js';

export interface CliEngineOptions {
    store: RunStore;
    /** The store's file (none for `--memory`): runs another process carries are left to it (`run-carriers.ts`). */
    storeFile?: string;
    virtualTime?: boolean;
    /** Virtual time starts here (default: now); resuming continues from the journal's last time. */
    virtualStart?: number;
    environment?: Readonly<Record<string, string | undefined>>;
    /** Other credentials this process holds (`weft serve --tokens`): masked in every run like secrets. */
    credentials?: readonly string[];
}

export function createCliEngine(options: CliEngineOptions): Engine {
    const environment = options.environment ?? process.env;
    const clock = options.virtualTime ? new VirtualClock(options.virtualStart ?? Date.now()) : new RealClock();
    return new Engine({
        store: options.store,
        clock,
        environment,
        executors: defaultExecutors({ ai: aiRegistryFromSettings({}, environment), environment }),
        // The serve tokens are this process's too (`weft serve`, a CLI that asks a server): masked in runs.
        credentials: [...(environment.WEFT_SERVE_TOKEN ? [environment.WEFT_SERVE_TOKEN] : []), ...(options.credentials ?? [])],
        ...(options.storeFile !== undefined ? { carriedElsewhere: carrierElsewhereIn(options.storeFile) } : {}),
    });
}

/** Who a control action is journaled as: `cli:<user>`. */
export function cliActor(): string {
    let user = process.env.USER || process.env.USERNAME || '';
    if (!user) {
        try { user = os.userInfo().username; } catch { user = 'unknown'; }
    }
    return `cli:${user}`;
}

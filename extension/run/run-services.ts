// Run command — the embedded runtime of the extension host: one Engine over the workspace store
// (`weft.store.path`, default `.weft/runs.db`, the CLI's store) shared by the run command, the
// Runs view and the metrics. It composes runtime/ pieces only; it decides no run semantics.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { aiRegistryFromSettings, type AiSettings } from '../../runtime/ai/ai-settings.js';
import { RealClock } from '../../runtime/engine/clock.js';
import { defaultExecutors } from '../../runtime/engine/default-executors.js';
import { Engine } from '../../runtime/engine/engine.js';
import type { EngineListener } from '../../runtime/engine/engine-events.js';
import type { RunStore } from '../../runtime/store/run-store.js';
import type { WorkflowState } from '../../runtime/journal/workflow-state.js';
import { SqliteRunStore } from '../../runtime/store/sqlite-run-store.js';
import { carrierElsewhereIn } from '../../runtime/store/run-carriers.js';
import { recordCarriedRuns } from '../../runtime/engine/engine-carrier.js';

export const DEFAULT_STORE_SETTING = '.weft/runs.db';

/** Who control actions from the editor are journaled as. */
export const EDITOR_ACTOR = 'vscode';

export interface RunServices {
  /** The engine over the workspace store (created on first use). */
  engine(): Engine;
  store(): RunStore;
  /** The live state of a run in this window's engine (undefined when not live here). */
  peek(runId: string): WorkflowState | undefined;
  /** True once the store file exists (listing never creates it). */
  hasStore(): boolean;
  /** Listens to the engine's events (attached when the engine is created). */
  onEngineEvent(listener: EngineListener): () => void;
  /** The store file. */
  readonly storeFile: string;
  dispose(): Promise<void>;
}

/** The store file for the first workspace folder (or beside `fallbackFile` without one). */
export function storeFileFor(fallbackFile?: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const configured = vscode.workspace.getConfiguration('weft', folder?.uri).get<string>('store.path') || DEFAULT_STORE_SETTING;
  const base = folder?.uri.fsPath ?? (fallbackFile ? path.dirname(fallbackFile) : process.cwd());
  return path.resolve(base, configured);
}

export function createRunServices(): RunServices {
  let engine: Engine | undefined;
  let store: SqliteRunStore | undefined;
  const storeFile = storeFileFor();
  const openStore = () => (store ??= new SqliteRunStore({ file: storeFile }));
  const listeners = new Set<EngineListener>();
  let carried: { release(): void } | undefined;
  return {
    storeFile,
    store: openStore,
    peek: (runId) => engine?.peek(runId),
    hasStore: () => store !== undefined || existsSync(storeFile),
    onEngineEvent(listener) {
      listeners.add(listener);
      const detach = engine?.onEvent(listener);
      return () => { listeners.delete(listener); detach?.(); };
    },
    engine() {
      if (engine) return engine;
      const settings = vscode.workspace.getConfiguration('weft');
      const environment = process.env;
      engine = new Engine({
        store: openStore(),
        clock: new RealClock(),
        environment,
        // Runs a `weft run` or `weft resume` in a terminal carries are left to it; the runs this
        // editor journals are recorded as its own, for them (`run-carriers.ts`).
        carriedElsewhere: carrierElsewhereIn(storeFile),
        executors: defaultExecutors({
          ai: aiRegistryFromSettings(aiSettings(settings), environment),
          environment,
        }),
      });
      for (const listener of listeners) engine.onEvent(listener);
      carried = recordCarriedRuns(engine, storeFile, 'VS Code (the Weft extension)');
      return engine;
    },
    async dispose() {
      engine?.halt();
      carried?.release();
      carried = undefined;
      await store?.close();
      engine = undefined;
      store = undefined;
    },
  };
}

function aiSettings(settings: vscode.WorkspaceConfiguration): AiSettings {
  const result: AiSettings = {};
  const baseUrl = settings.get<string>('ai.baseUrl');
  const apiKeyVariable = settings.get<string>('ai.apiKeyVariable');
  if (baseUrl) result.baseUrl = baseUrl;
  if (apiKeyVariable) result.apiKeyVariable = apiKeyVariable;
  return result;
}

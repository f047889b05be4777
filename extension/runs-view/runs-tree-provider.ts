// Runs view — the TreeDataProvider of "Weft Runs": the runs of the workspace store, newest
// first, refreshed when the engine journals an event or the store file changes (runs made by
// the CLI), optionally only the runs of some statuses and workflows (`setFilter`). It lists;
// controls live in register-runs-view.ts.
import * as vscode from 'vscode';
import { listRunsAsTheyStand } from '../../runtime/store/runs-as-they-stand.js';
import type { RunServices } from '../run/run-services.js';
import type { RunStatus } from '../../runtime/journal/workflow-state.js';
import { runItemModel, topLevelRuns, type RunItemModel } from './run-tree-model.js';

export const RUNS_VIEW_ID = 'weft.runs';
const LIMIT = 200;

/** What the view shows (`weft.runs.filter`): runs of these statuses and of these workflows (empty: any). */
export interface RunsFilter {
  statuses: RunStatus[];
  workflows: string[];
}

/** `failed, waiting · Orders` for the view's description; empty without a filter. */
export function filterText(filter: RunsFilter): string {
  return [filter.statuses.join(', '), filter.workflows.join(', ')].filter(Boolean).join(' · ');
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunItemModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private shown: RunsFilter = { statuses: [], workflows: [] };

  constructor(private readonly services: RunServices) {
    this.disposables.push({ dispose: services.onEngineEvent((e) => { if (e.kind !== 'log') this.refreshSoon(); }) });
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(services.storeFile.replace(/[/\\][^/\\]*$/, '')), '*'));
    watcher.onDidChange(() => this.refreshSoon());
    watcher.onDidCreate(() => this.refreshSoon());
    this.disposables.push(watcher);
  }

  /** Coalesces bursts of events into one refresh (a run journals many events per second). */
  refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => { this.pending = undefined; this.changed.fire(); }, 150);
  }

  refresh(): void {
    this.changed.fire();
  }

  get filter(): RunsFilter {
    return this.shown;
  }

  /** Shows only the runs `filter` keeps (no statuses or workflows: every run). */
  setFilter(filter: RunsFilter): void {
    this.shown = { statuses: [...new Set(filter.statuses)], workflows: [...new Set(filter.workflows)] };
    this.refresh();
  }

  async items(): Promise<RunItemModel[]> {
    if (!this.services.hasStore()) return [];
    const store = this.services.store();
    const { statuses, workflows } = this.shown;
    // Running or waiting for the outside, as the fold says (`listRunsAsTheyStand`).
    const listed = await listRunsAsTheyStand(store, {
      limit: LIMIT,
      ...(statuses.length ? { status: statuses } : {}),
      ...(workflows.length === 1 ? { workflow: workflows[0]! } : {}),
    }, (id) => this.services.peek(id));
    const runs = topLevelRuns(workflows.length > 1 ? listed.filter((r) => workflows.includes(r.workflow)) : listed);
    return runs.map(runItemModel);
  }

  getChildren(element?: RunItemModel): Promise<RunItemModel[]> | RunItemModel[] {
    return element ? [] : this.items();
  }

  getTreeItem(model: RunItemModel): vscode.TreeItem {
    const item = new vscode.TreeItem(model.label, vscode.TreeItemCollapsibleState.None);
    item.id = model.runId;
    item.description = model.description;
    item.tooltip = model.tooltip;
    item.iconPath = new vscode.ThemeIcon(model.icon);
    item.contextValue = model.contextValue;
    item.command = { command: 'weft.runs.show', title: 'Show run', arguments: [model] };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}

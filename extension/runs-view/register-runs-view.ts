// Runs view — registers the "Weft Runs" tree, the run history document (`weft-run:` scheme),
// the diagram overlay of a selected run and the runtime controls on a run's context menu:
// pause, resume, cancel, retry/skip a node, set a variable, approve/reject, and delete an ended
// run (or every ended run older than a duration). A control resolves
// with the run's status once it settles again (false when refused or failed).
import * as vscode from 'vscode';
import { instanceDiagramId } from '../diagram/instance-node-id.js';
import type { DiagramFeed } from '../diagram/register-diagram.js';
import { requireTrust } from '../trust.js';
import { liveServer } from '../../runtime/store/serve-marker.js';
import { carriedRunsIn } from '../../runtime/store/run-carriers.js';
import { parseDuration } from '../../runtime/expressions/stdlib/time-functions.js';
import { TERMINAL_STATUSES, type RunStatus } from '../../runtime/journal/workflow-state.js';
import { askServer, controlRequest, type ServedRequest } from '../../runtime/store/serve-client.js';
import { EDITOR_ACTOR, type RunServices } from '../run/run-services.js';
import { settledInStore, waitingFor, whenSettled } from '../run/run-settled.js';
import { runHistoryMarkdown } from './run-history.js';
import { failedNodes, nodeStatuses, pendingApprovals, settableValues, type RunItemModel } from './run-tree-model.js';
import { filterText, RUNS_VIEW_ID, RunsTreeProvider, type RunsFilter } from './runs-tree-provider.js';

const HISTORY_SCHEME = 'weft-run';
const RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting', 'paused', 'failed', 'completed', 'cancelled'];
type RunArg = RunItemModel | { runId: string } | string | undefined;
/** Applies a control: `request` through the server of a served store, else `local` in this window's engine. */
type Via = (request: ServedRequest, local: () => Promise<unknown>) => Promise<unknown>;
/** How long a control passed to another process on this machine waits for the run to settle there before it answers (ms). */
const CARRIED_LOOK_MS = 2_000;
const runIdOf = (arg: RunArg): string | undefined => typeof arg === 'string' ? arg : arg?.runId;

export function registerRunsView(context: vscode.ExtensionContext, services: RunServices, diagram: DiagramFeed): RunsTreeProvider {
  const provider = new RunsTreeProvider(services);
  const historyChanged = new vscode.EventEmitter<vscode.Uri>();
  const engine = () => services.engine();

  const historyUri = (runId: string) => vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${runId}.md` });
  /**
   * A control on a run: `act` gathers what it needs (asking the user when the command was not
   * given it) and applies it through `via` — to this window's engine, or, on a store a live
   * `weft serve` serves, through the server's API (`runtime/store/serve-client.ts`; the server
   * journals it as its caller and carries the run on). Resolves with where the run stands once
   * it needs nothing more (ended, or waits for a person or an event), or false when refused.
   */
  const control = (name: string, act: (runId: string, via: Via) => Promise<unknown>) => async (arg: RunArg) => {
    const runId = runIdOf(arg);
    if (!runId || !requireTrust(name)) return false;
    try {
      const live = liveServer(services.storeFile);
      const server = live !== undefined && live.pid !== process.pid ? live : undefined;
      let throughServer = false;
      /** The process on this machine that carries the run and applied the control (`weft run` in a terminal, say). */
      let carriedBy: string | undefined;
      const via: Via = async (request, local) => {
        if (server === undefined) {
          const done = await local();
          if (done && typeof done === 'object' && typeof (done as { carriedBy?: unknown }).carriedBy === 'string') carriedBy = (done as { carriedBy: string }).carriedBy;
          return done;
        }
        const answer = await askServer(server, request, process.env.WEFT_SERVE_TOKEN);
        if (!answer.ok) throw new Error(`${answer.message}${answer.auth ? ' (give VS Code a token with the operate role in WEFT_SERVE_TOKEN)' : ''}`);
        throughServer = true;
      };
      await act(runId, via);
      provider.refresh();
      historyChanged.fire(historyUri(runId));
      // Resolves when the run needs nothing more (ended, or waits for a person or an event). A run
      // another process carries on is read from the store: as it settles there, or, after a short
      // look, as it stands (that process may carry it on for hours).
      const state = throughServer ? await settledInStore(services.store(), runId)
        : carriedBy !== undefined ? await settledInStore(services.store(), runId, CARRIED_LOOK_MS)
          : await whenSettled(engine(), runId);
      provider.refresh();
      historyChanged.fire(historyUri(runId));
      return { runId, status: state.status, waitingFor: waitingFor(state), ...(throughServer ? { server: server!.url } : {}), ...(carriedBy !== undefined ? { carriedBy } : {}) };
    } catch (error) {
      void vscode.window.showErrorMessage(`Weft: ${name} failed: ${(error as Error).message}`);
      return false;
    }
  };
  const pickNode = async (nodes: string[], placeHolder: string) =>
    nodes.length === 0 ? undefined : nodes.length === 1 ? nodes[0] : vscode.window.showQuickPick(nodes, { placeHolder });
  const askJson = async (prompt: string, value?: string): Promise<{ value: unknown } | undefined> => {
    const text = await vscode.window.showInputBox({ prompt, value, validateInput: (v) => { try { JSON.parse(v); return undefined; } catch (e) { return `Not JSON: ${(e as Error).message}`; } } });
    return text === undefined ? undefined : { value: JSON.parse(text) };
  };
  const decide = (approved: boolean) => async (runId: string, via: Via, given?: string) => {
    const state = await engine().inspect(runId);
    const node = given ?? await pickNode(pendingApprovals(state), 'Which approval?');
    if (!node) throw new Error('the run waits for no approval');
    await via(controlRequest.decide(runId, node, approved, { by: EDITOR_ACTOR }),
      () => engine().approve(runId, node, { approved, by: EDITOR_ACTOR }, EDITOR_ACTOR));
  };

  /**
   * `PruneRequest.keep` for a deletion from the view: runs this window's engine carries, or
   * another live process does (read now), are left. Also answers who that other process is.
   */
  const heldRuns = () => {
    const carried = carriedRunsIn(services.storeFile);
    return { carried, keep: (id: string) => services.peek(id) !== undefined || carried.has(id) };
  };

  /**
   * Deletes an ended run with its sub-runs and journals, once the user confirms (`confirmed`:
   * tests and tools that already have). A run this window or another live process holds (a
   * control reopening it) is left. Resolves with what was deleted, or false.
   */
  const deleteRun = async (arg: RunArg, confirmed?: boolean) => {
    const runId = runIdOf(arg);
    if (!runId || !requireTrust('Deleting a run')) return false;
    try {
      const store = services.store();
      const record = await store.getRun(runId);
      if (!record) throw new Error(`no run with id '${runId}'`);
      if (!TERMINAL_STATUSES.has(record.status)) throw new Error(`run ${runId} is ${record.status}: only ended runs are deleted (cancel it first)`);
      if (!store.pruneRuns) throw new Error('this store cannot delete runs');
      const subRuns = (await store.listRuns({ parentRunId: runId })).length;
      if (confirmed !== true) {
        const answer = await vscode.window.showWarningMessage(
          `Delete run ${runId} of ${record.workflow}${subRuns ? ' and its sub-runs' : ''}?`,
          { modal: true, detail: 'Its journal and audit trail are deleted with it. This cannot be undone.' }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      const { carried, keep } = heldRuns();
      const [pruned] = await store.pruneRuns({ runIds: [runId], keep });
      if (!pruned) throw new Error(`run ${runId} is being acted on${carried.has(runId) ? ` by ${carried.get(runId)!.command} (pid ${carried.get(runId)!.pid})` : ''}: nothing was deleted`);
      provider.refresh();
      historyChanged.fire(historyUri(runId));
      return { runId, workflow: pruned.workflow, status: pruned.status, subRuns: pruned.subRuns };
    } catch (error) {
      void vscode.window.showErrorMessage(`Weft: Deleting a run failed: ${(error as Error).message}`);
      return false;
    }
  };

  /**
   * Deletes the ended runs older than a duration (asked, default 30 days) with their sub-runs,
   * as `weft prune --older-than` does, once the user confirms the count (`confirmed`: tests and
   * tools). Runs this window or another live process holds are left. Resolves with the runs
   * deleted, or false.
   */
  const pruneOlder = async (given?: string, confirmed?: boolean) => {
    if (!requireTrust('Pruning runs')) return false;
    try {
      if (!services.hasStore()) throw new Error('there is no run store yet');
      const store = services.store();
      if (!store.pruneRuns) throw new Error('this store cannot delete runs');
      const durationError = (text: string) => { try { parseDuration(text); return undefined; } catch { return 'A duration such as 30d, 12h or 1w'; } };
      const olderThan = given ?? await vscode.window.showInputBox({ prompt: 'Delete the ended runs (with their sub-runs and journals) that ended longer ago than', value: '30d', validateInput: durationError });
      if (olderThan === undefined) return false;
      if (durationError(olderThan)) throw new Error(`'${olderThan}' is not a duration such as 30d, 12h or 1w`);
      const endedBefore = Date.now() - parseDuration(olderThan);
      const { keep } = heldRuns();
      const would = await store.pruneRuns({ endedBefore, keep, dryRun: true });
      if (would.length === 0) {
        void vscode.window.showInformationMessage(`Weft: no ended runs older than ${olderThan} to delete.`);
        return [];
      }
      if (confirmed !== true) {
        const subRuns = would.reduce((n, p) => n + p.subRuns.length, 0);
        const answer = await vscode.window.showWarningMessage(
          `Delete ${would.length} run${would.length === 1 ? '' : 's'}${subRuns ? ` (and ${subRuns} sub-runs)` : ''} that ended more than ${olderThan} ago?`,
          { modal: true, detail: 'Their journals and audit trails are deleted with them. This cannot be undone.' }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      const pruned = await store.pruneRuns({ endedBefore, keep });
      provider.refresh();
      // An open history of a deleted run says it is gone.
      for (const p of pruned) historyChanged.fire(historyUri(p.runId));
      return pruned.map((p) => ({ runId: p.runId, workflow: p.workflow, status: p.status, subRuns: p.subRuns }));
    } catch (error) {
      void vscode.window.showErrorMessage(`Weft: Pruning runs failed: ${(error as Error).message}`);
      return false;
    }
  };

  /** Opens the run's history and the diagram of its workflow with the run's node status. */
  const show = async (arg: RunArg) => {
    const runId = runIdOf(arg);
    if (!runId) return undefined;
    const record = await services.store().getRun(runId);
    if (!record) return undefined;
    const state = await engine().inspect(runId);
    const document = await vscode.workspace.openTextDocument(historyUri(runId));
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
    const source = record.bundle.workflows[record.workflow]?.sourceUri;
    if (source) {
      await vscode.commands.executeCommand('weft.showDiagram', vscode.Uri.parse(source));
      const statuses = nodeStatuses(state);
      diagram.post({ type: 'nodeStatus', statuses });
      diagram.post({ type: 'visitedNodes', nodeIds: state.history.map((e) => instanceDiagramId(state.workflowId, e.node)) });
    }
    return { runId, status: state.status, nodeStatus: nodeStatuses(state) };
  };

  const treeView = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  /** Shows only some runs: the view says which in its description, and offers to clear it. */
  const applyFilter = (filter: RunsFilter) => {
    provider.setFilter(filter);
    const text = filterText(provider.filter);
    treeView.description = text || undefined;
    void vscode.commands.executeCommand('setContext', 'weft.runs.filtered', text !== '');
    return provider.filter;
  };
  /** `weft.runs.filter(filter?)`: the given filter, else one picked from the statuses and the store's workflows. */
  const filterRuns = async (given?: Partial<RunsFilter>) => {
    if (given !== undefined) return applyFilter({ statuses: given.statuses ?? [], workflows: given.workflows ?? [] });
    const current = provider.filter;
    const workflows = services.hasStore() ? [...new Set((await services.store().listRuns({ limit: 1000 })).map((r) => r.workflow))].sort() : [];
    type Pick = vscode.QuickPickItem & { status?: RunStatus; workflow?: string };
    const items: Pick[] = [
      { label: 'Status', kind: vscode.QuickPickItemKind.Separator },
      ...RUN_STATUSES.map((status) => ({ label: status, status, picked: current.statuses.includes(status) })),
      { label: 'Workflow', kind: vscode.QuickPickItemKind.Separator },
      ...workflows.map((workflow) => ({ label: workflow, workflow, picked: current.workflows.includes(workflow) })),
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Show the runs of these statuses and workflows (none picked: every run)' });
    if (picked === undefined) return current;
    return applyFilter({ statuses: picked.flatMap((p) => (p.status ? [p.status] : [])), workflows: picked.flatMap((p) => (p.workflow ? [p.workflow] : [])) });
  };

  context.subscriptions.push(
    provider,
    historyChanged,
    treeView,
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, {
      onDidChange: historyChanged.event,
      async provideTextDocumentContent(uri) {
        const runId = uri.path.replace(/^\//, '').replace(/\.md$/, '');
        try {
          return runHistoryMarkdown(runId, await engine().inspect(runId));
        } catch (error) {
          return `# Run ${runId}\n\n${(error as Error).message}\n`;
        }
      },
    }),
    vscode.commands.registerCommand('weft.runs.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('weft.runs.filter', filterRuns),
    vscode.commands.registerCommand('weft.runs.clearFilter', () => applyFilter({ statuses: [], workflows: [] })),
    // For tests and tools: the items the view shows.
    vscode.commands.registerCommand('weft.runs.items', () => provider.items()),
    vscode.commands.registerCommand('weft.runs.show', show),
    vscode.commands.registerCommand('weft.runs.pause', control('Pausing a run', (id, via) => via(controlRequest.pause(id), () => engine().pause(id, EDITOR_ACTOR)))),
    vscode.commands.registerCommand('weft.runs.resume', control('Resuming a run', (id, via) => via(controlRequest.resume(id), async () => {
      const done = await engine().resumeRun(id, EDITOR_ACTOR);
      // Resumed here: the editor carries it on (resumed by its carrier elsewhere: carried on there).
      if (done.carriedBy === undefined) void engine().waitFor(id).catch(() => undefined);
      return done;
    }))),
    vscode.commands.registerCommand('weft.runs.cancel', control('Cancelling a run', (id, via) => via(controlRequest.cancel(id, 'cancelled from VS Code'), () => engine().cancel(id, EDITOR_ACTOR, 'cancelled from VS Code')))),
    vscode.commands.registerCommand('weft.runs.retryNode', (arg: RunArg, node?: string) => control('Retrying a node', async (id, via) => {
      const chosen = node ?? await pickNode(failedNodes(await engine().inspect(id)), 'Retry which failed node?');
      if (!chosen) throw new Error('the run has no failed node');
      await via(controlRequest.retry(id, chosen), () => engine().retryNode(id, chosen, EDITOR_ACTOR));
    })(arg)),
    vscode.commands.registerCommand('weft.runs.skipNode', (arg: RunArg, node?: string, result?: unknown) => control('Skipping a node', async (id, via) => {
      const state = await engine().inspect(id);
      const candidates = [...new Set([...failedNodes(state), ...[...state.tokens.values()].map((t) => t.node)])];
      const chosen = node ?? await pickNode(candidates, 'Skip which node?');
      if (!chosen) throw new Error('no node to skip');
      const value = result !== undefined ? { value: result } : await askJson(`Result of ${chosen} (JSON)`);
      if (!value) return;
      await via(controlRequest.skip(id, chosen, value.value), () => engine().skipNode(id, chosen, value.value, EDITOR_ACTOR));
    })(arg)),
    vscode.commands.registerCommand('weft.runs.setVariable', (arg: RunArg, name?: string, value?: unknown) => control('Setting a variable', async (id, via) => {
      const state = await engine().inspect(id);
      const record = await services.store().getRun(id);
      const settable = settableValues(record?.bundle.workflows[record.workflow]?.variables ?? [], state);
      let chosen = name;
      if (chosen === undefined) {
        if (settable.length === 0) throw new Error('the workflow declares no var or output to set');
        const picked = await vscode.window.showQuickPick(settable.map((v) => ({ label: v.name, description: v.description })), { placeHolder: 'Set which variable or output?' });
        chosen = picked?.label;
      }
      if (!chosen) return;
      const current = settable.find((v) => v.name === chosen)?.currentJson;
      const given = value !== undefined ? { value } : await askJson(`New value of ${chosen} (JSON)`, current);
      if (!given) return;
      const target = chosen;
      await via(controlRequest.setVariable(id, target, given.value), () => engine().setVariable(id, target, given.value, EDITOR_ACTOR));
    })(arg)),
    vscode.commands.registerCommand('weft.runs.delete', deleteRun),
    vscode.commands.registerCommand('weft.runs.prune', pruneOlder),
    vscode.commands.registerCommand('weft.runs.approve', (arg: RunArg, node?: string) => control('Approving', (id, via) => decide(true)(id, via, node))(arg)),
    vscode.commands.registerCommand('weft.runs.reject', (arg: RunArg, node?: string) => control('Rejecting', (id, via) => decide(false)(id, via, node))(arg)),
  );
  return provider;
}

// Run command — `weft.runWorkflow`: compile the file, ask for inputs, start the run on the
// embedded engine, stream its events to the "Weft Runs" output channel with window progress,
// offer approvals as notifications and report the outcome (with "Show" for a failing node).
import * as vscode from 'vscode';
import type { EngineEvent, RunOutcome } from '../../runtime/engine/engine-events.js';
import { RunStartError, newRunId } from '../../runtime/engine/engine.js';
import { runLimitsOf, type RunLimits } from '../../runtime/engine/run-limits.js';
import type { WorkflowBundle } from '../../runtime/ir/index.js';
import { TERMINAL_STATUSES, type WorkflowState } from '../../runtime/journal/workflow-state.js';
import { waitingFor, whenSettled } from './run-settled.js';
import { requireTrust } from '../trust.js';
import { compileForEditor } from './compile-for-editor.js';
import { promptInputs } from './prompt-inputs.js';
import { brief, engineEventLine, outcomeSummary } from './run-format.js';
import { EDITOR_ACTOR, type RunServices } from './run-services.js';

/** Optional arguments of `weft.runWorkflow` (code lens, tests): skip the prompts. */
export interface RunWorkflowOptions {
  workflow?: string;
  inputs?: Record<string, unknown>;
  /** Wait for the outcome before resolving (default true). */
  wait?: boolean;
}

/** What the command resolves with (undefined when refused or cancelled). */
export interface RunWorkflowResult {
  runId: string;
  workflow: string;
  status: string;
  outputs?: Record<string, unknown>;
  /** For a run that waits for the outside: what it waits for (`approval at signOff`). */
  waitingFor?: string[];
  error?: { name: string; message: string; node?: string };
}

export class RunWorkflowCommand {
  constructor(
    private readonly services: RunServices,
    private readonly output: vscode.OutputChannel,
    private readonly state: vscode.Memento,
  ) {}

  async run(target?: vscode.Uri, options: RunWorkflowOptions = {}): Promise<RunWorkflowResult | undefined> {
    if (!requireTrust('Running a workflow')) return undefined;
    const uri = target instanceof vscode.Uri ? target : activeWeftUri();
    if (!uri) {
      void vscode.window.showInformationMessage('Weft: open a .weft file to run its workflow.');
      return undefined;
    }
    const compiled = await compileForEditor(uri, options.workflow);
    if (!compiled.ok) {
      this.output.appendLine(`Cannot run ${vscode.workspace.asRelativePath(uri)}:`);
      for (const d of compiled.diagnostics) this.output.appendLine(`  ${d.file}:${d.line}:${d.column}: ${d.message}`);
      this.output.show(true);
      void vscode.window.showErrorMessage(`Weft: ${vscode.workspace.asRelativePath(uri)} has errors; see the Weft Runs output.`);
      return undefined;
    }
    const bundle = compiled.bundle;
    const workflow = options.workflow ?? bundle.entry;
    // The run's own deadline and step budget (`weft.run.*`), as `weft run --timeout --step-budget`.
    const settings = vscode.workspace.getConfiguration('weft.run', uri);
    const timeout = settings.get<string>('timeout')?.trim();
    const asked = runLimitsOf(timeout ? timeout : undefined, settings.get<number | null>('stepBudget') ?? undefined,
      { timeout: 'The setting weft.run.timeout', stepBudget: 'The setting weft.run.stepBudget' }, 'json');
    if ('problem' in asked) {
      void vscode.window.showErrorMessage(`Weft: ${asked.problem}; nothing was started.`);
      return undefined;
    }
    const inputs = options.inputs ?? await promptInputs(this.state, bundle, workflow);
    if (!inputs) return undefined;
    return this.start(bundle, workflow, inputs, options.wait ?? true, asked.limits);
  }

  private async start(bundle: WorkflowBundle, workflow: string, inputs: Record<string, unknown>, wait: boolean, limits: RunLimits): Promise<RunWorkflowResult | undefined> {
    const engine = this.services.engine();
    // Chosen before the start so that no early event (an approval right away) is missed.
    const runId = newRunId();
    const offered = new Set<string>();
    const listener = (event: EngineEvent) => {
      if (event.runId !== runId) return;
      const line = engineEventLine(event);
      if (line) this.output.appendLine(line);
      if (event.kind === 'journal' && event.event.type === 'ApprovalRequested' && event.runId === runId && !offered.has(event.event.node)) {
        offered.add(event.event.node);
        void this.offerApproval(runId, event.event.node, event.event.ask);
      }
    };
    const unsubscribe = engine.onEvent(listener);
    this.output.show(true);
    let outcome: Promise<RunOutcome>;
    try {
      outcome = (await engine.start(bundle, { workflow, inputs, runId, ...limits })).outcome;
    } catch (error) {
      unsubscribe();
      if (error instanceof RunStartError && error.problems.length) {
        // Each problem at the declaration it is about, as the CLI prints them (`file:line:col`).
        this.output.appendLine(`${workflow} did not start:`);
        for (const p of error.problems) {
          const at = p.range ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(p.range.uri))}:${p.range.start.line + 1}:${p.range.start.character + 1}: ` : '';
          this.output.appendLine(`  ${at}${p.message.replace(/\n/g, '\n    ')}`);
        }
        void vscode.window.showErrorMessage(`Weft: ${workflow} did not start: ${error.problems.map((p) => p.message.split('\n')[0]).join('; ')}`);
        return undefined;
      }
      const message = error instanceof RunStartError ? error.message : `Unexpected error: ${(error as Error).message}`;
      this.output.appendLine(`Cannot start ${workflow}: ${message}`);
      void vscode.window.showErrorMessage(`Weft: cannot start ${workflow}: ${message}`);
      return undefined;
    }
    this.output.appendLine(`Run ${runId} of ${workflow} started with inputs ${brief(inputs, 300)}`);
    const status = vscode.window.setStatusBarMessage(`$(sync~spin) Weft: running ${workflow}…`);
    const finished = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Weft: running ${workflow}` },
      () => whenSettled(engine, runId),
    )).then((state) => {
      const result = this.report(state, bundle);
      // A run that waited for the outside reports again when it ends.
      if (result.waitingFor) void outcome.then((o) => this.report(o.state, bundle), () => undefined);
      return result;
    }, (error: unknown) => {
      this.output.appendLine(`Run ${runId} ended with an internal error: ${(error as Error).message}`);
      return { runId, workflow, status: 'failed', error: { name: 'InternalError', message: (error as Error).message } } satisfies RunWorkflowResult;
    }).finally(() => { status.dispose(); });
    // Keep streaming until the run really ends (approvals and events continue it later).
    void outcome.finally(unsubscribe).catch(() => undefined);
    if (!wait) {
      void finished;
      return { runId, workflow, status: 'running' };
    }
    return finished;
  }

  private report(state: WorkflowState, bundle: WorkflowBundle): RunWorkflowResult {
    const outcome: RunOutcome = { runId: state.instanceId, workflow: state.workflowId, status: state.status, outputs: state.outputs, state, ...(state.error ? { error: state.error } : {}) };
    const summary = outcomeSummary(outcome);
    const result: RunWorkflowResult = { runId: outcome.runId, workflow: outcome.workflow, status: outcome.status, outputs: outcome.outputs };
    if (outcome.error) result.error = { ...outcome.error };
    if (!TERMINAL_STATUSES.has(state.status)) {
      result.waitingFor = waitingFor(state);
      this.output.appendLine(`[${state.instanceId.slice(0, 8)}] ${state.workflowId} waits for ${result.waitingFor.join(', ') || 'a resume'}`);
      return result;
    }
    if (outcome.status === 'failed') {
      const node = outcome.error?.node;
      const show = 'Show';
      void vscode.window.showErrorMessage(`Weft: ${summary}`, ...(node ? [show] : [])).then((choice) => {
        if (choice === show && node) void revealNode(bundle, outcome.workflow, node);
      });
    } else {
      void vscode.window.showInformationMessage(`Weft: ${summary}`);
    }
    return result;
  }

  private async offerApproval(runId: string, node: string, ask: string): Promise<void> {
    const choice = await vscode.window.showInformationMessage(`Weft: ${node} asks: ${ask}`, 'Approve', 'Reject');
    if (!choice) return;
    try {
      await this.services.engine().approve(runId, node, { approved: choice === 'Approve', by: EDITOR_ACTOR }, EDITOR_ACTOR);
    } catch (error) {
      void vscode.window.showErrorMessage(`Weft: ${choice} failed: ${(error as Error).message}`);
    }
  }
}

export function activeWeftUri(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'weft' ? editor.document.uri : undefined;
}

/** Opens the source of `node` of `workflow` and selects it. */
export async function revealNode(bundle: WorkflowBundle, workflow: string, node: string): Promise<void> {
  const definition = bundle.workflows[workflow];
  const found = definition?.nodes.find((n) => n.id === node);
  if (!found) return;
  const range = found.range;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(range.uri));
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(document, { selection, preview: false });
}

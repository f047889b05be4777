// Debug adapter — the DAP session of a Weft run. It only translates: DAP requests become calls
// on the `DebugController` (which speaks runs, branches and nodes), the controller's domain
// events become DAP events. Runs inline in the extension host or as `dist/debug-adapter.cjs`
// on stdio. Compiling and expression parsing are injected (`DebugServices`); no `vscode` here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Breakpoint, BreakpointEvent, ExitedEvent, Handles, InitializedEvent, LoggingDebugSession, OutputEvent,
  Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread, ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { RealClock } from '../engine/clock.js';
import { defaultExecutors } from '../engine/default-executors.js';
import { Engine, type StartOptions } from '../engine/engine.js';
import { VirtualClock } from '../engine/virtual-clock.js';
import { evaluate } from '../expressions/evaluate.js';
import type { Expr } from '../ir/expression.js';
import type { NodeDefinition, WorkflowBundle, WorkflowDefinition } from '../ir/workflow-definition.js';
import { MemoryRunStore } from '../store/memory-run-store.js';
import type { RunStore } from '../store/run-store.js';
import { DEFAULT_STORE_FILE, SqliteRunStore } from '../store/sqlite-run-store.js';
import { carrierElsewhereIn } from '../store/run-carriers.js';
import { recordCarriedRuns } from '../engine/engine-carrier.js';
import type { DebugBreakpoint, DebugFrame, ExceptionFilter, StopInfo } from './debug-controller.js';
import { DebugController } from './debug-controller.js';
import type { DebugServices, WeftAttachArguments, WeftLaunchArguments } from './debug-services.js';
import { completionCandidates, formatValue, frameEnvironment, frameValues, isStructured, nodeInputs, secretNames } from './debug-values.js';
import { iterationIndexOf, scopeOf } from '../engine/instance-names.js';
import { parseHitCondition } from './hit-condition.js';
import { resolveLine } from './source-breakpoints.js';
import { SECRET_MASK } from '../secrets/secret-masker.js';
import { runLimitsOf } from '../engine/run-limits.js';

type LaunchRequestArguments = DebugProtocol.LaunchRequestArguments & WeftLaunchArguments;

/** What a variables reference points at. */
type VariableContainer =
  | { kind: 'scope'; frame: DebugFrame; scope: 'inputs' | 'with' | 'frame' | 'results' | 'variables' | 'outputs' | 'trigger' }
  | { kind: 'value'; value: unknown };

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'failure', label: 'Node failure', description: 'Stop when an attempt of a node fails', default: false },
  { filter: 'retryExhausted', label: 'Retries exhausted', description: 'Stop when a node fails after using up its retries', default: false },
  { filter: 'timeout', label: 'Timeout', description: 'Stop when a node times out', default: false },
  { filter: 'compensation', label: 'Compensation', description: 'Stop when a failed run starts its compensations', default: false },
];

export class WeftDebugSession extends LoggingDebugSession {
  private controller: DebugController | undefined;
  private engine: Engine | undefined;
  private store: RunStore | undefined;
  /** The store's file, when it is on disk (not a launch's in-memory store). */
  private storeFile: string | undefined;
  private carried: { release(): void } | undefined;
  private bundle: WorkflowBundle | undefined;
  private launchArgs: LaunchRequestArguments | undefined;
  private readonly frames = new Handles<DebugFrame>();
  private readonly containers = new Handles<VariableContainer>();
  private readonly sourceBreakpoints = new Map<string, DebugProtocol.SourceBreakpoint[]>();
  private functionBreakpoints: DebugProtocol.FunctionBreakpoint[] = [];
  private exceptionFilters: ExceptionFilter[] = [];
  private nextBreakpointId = 1;
  private configured!: Promise<void>;
  private markConfigured!: () => void;
  private lastException: StopInfo['exception'] | undefined;
  private initializedSent = false;
  private attached = false;

  constructor(private readonly services: DebugServices) {
    super();
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
    this.resetConfigured();
  }

  private resetConfigured(): void {
    this.configured = new Promise(resolve => { this.markConfigured = resolve; });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
      supportsCompletionsRequest: true,
      supportsExceptionInfoRequest: true,
      supportsSingleThreadExecutionRequests: true,
      supportsDelayedStackTraceLoading: false,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  // -------------------------------------------------------------------------------------------
  // Launch, restart, terminate

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchRequestArguments): Promise<void> {
    try {
      this.launchArgs = args;
      await this.launchRun(args);
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1001, format: (error as Error).message, showUser: true });
      this.sendEvent(new TerminatedEvent());
    }
  }

  private async launchRun(args: LaunchRequestArguments): Promise<void> {
    if (!args.program) throw new Error("The launch configuration needs 'program': the .weft file to run");
    const asked = runLimitsOf(args.timeout, args.stepBudget, { timeout: "The launch configuration's 'timeout'", stepBudget: "The launch configuration's 'stepBudget'" }, 'json');
    if ('problem' in asked) throw new Error(asked.problem);
    const limits = asked.limits;
    const program = path.resolve(args.program);
    const compiled = await this.services.compile(program, args.workflow);
    if (!compiled.ok) {
      const lines = compiled.diagnostics.map(d => `${d.file}:${d.line}:${d.column}: ${d.message}`);
      throw new Error(`${path.basename(program)} has errors:\n${lines.join('\n')}`);
    }
    this.bundle = compiled.bundle;
    if (args.store) this.storeFile ??= path.resolve(path.dirname(program), args.store);
    this.store ??= this.storeFile ? new SqliteRunStore({ file: this.storeFile }) : new MemoryRunStore();
    const controller = this.createController(this.store, args.virtualTime === true, args.env);
    await this.configured;
    this.applyBreakpoints();
    const options: StartOptions & { stopOnEntry?: boolean } = { stopOnEntry: args.stopOnEntry === true };
    if (args.workflow) options.workflow = args.workflow;
    const inputs = readJsonOption(args.input, program, 'input');
    if (inputs !== undefined) options.inputs = inputs as Record<string, unknown>;
    const events = readJsonOption(args.events, program, 'events');
    if (events !== undefined) options.events = events as StartOptions['events'];
    Object.assign(options, limits);
    await controller.start(options);
  }

  private createController(store: RunStore, virtualTime: boolean, env: Record<string, string> | undefined): DebugController {
    const environment = { ...process.env, ...(env ?? {}) };
    const clock = virtualTime ? new VirtualClock(Date.now()) : new RealClock();
    const storeFile = this.storeFile;
    // On a store on disk, a run another process carries is not attached to (two processes would
    // run it), and the runs this session journals are recorded as its own (`run-carriers.ts`).
    this.engine = new Engine({ store, clock, environment, executors: defaultExecutors({ environment }), ...(storeFile ? { carriedElsewhere: carrierElsewhereIn(storeFile) } : {}) });
    // A restart makes a new engine: the record goes with the old one.
    this.carried?.release();
    this.carried = storeFile ? recordCarriedRuns(this.engine, storeFile, 'the Weft debugger') : undefined;
    // Breakpoints are resolved against the compiled bundle, so configuration starts only now.
    if (!this.initializedSent) this.sendEvent(new InitializedEvent());
    this.initializedSent = true;
    this.controller = new DebugController(this.engine, this.bundle!, {
      stopped: stop => this.onStopped(stop),
      output: (text, category, where) => this.onOutput(text, category, where),
      threadStarted: id => this.sendEvent(new ThreadEvent('started', id)),
      threadExited: id => this.sendEvent(new ThreadEvent('exited', id)),
      finished: outcome => {
        const summary = outcome.status === 'completed'
          ? `Run ${outcome.runId} completed; outputs ${JSON.stringify(outcome.outputs)}\n`
          : `Run ${outcome.runId} ${outcome.status}${outcome.error ? `: ${outcome.error.name}: ${outcome.error.message}` : ''}\n`;
        this.sendEvent(new OutputEvent(summary, outcome.status === 'completed' ? 'console' : 'stderr'));
        this.sendEvent(new ExitedEvent(outcome.status === 'completed' ? 0 : 1));
        this.sendEvent(new TerminatedEvent());
      },
    });
    return this.controller;
  }

  protected override async attachRequest(response: DebugProtocol.AttachResponse, args: DebugProtocol.AttachRequestArguments & WeftAttachArguments): Promise<void> {
    try {
      if (!args.runId) throw new Error("The attach configuration needs 'runId': the run to debug");
      const file = path.resolve(args.store ?? DEFAULT_STORE_FILE);
      if (!existsSync(file)) throw new Error(`No run store at ${file}`);
      this.store = new SqliteRunStore({ file });
      this.storeFile = file;
      const record = await this.store.getRun(args.runId);
      if (!record) throw new Error(`No run ${args.runId} in ${file}`);
      if (record.status === 'completed' || record.status === 'failed' || record.status === 'cancelled') {
        throw new Error(`Run ${args.runId} has already ended (${record.status}); only a paused or waiting run can be attached to`);
      }
      this.bundle = record.bundle;
      this.attached = true;
      const controller = this.createController(this.store, args.virtualTime === true, args.env);
      await this.configured;
      this.applyBreakpoints();
      await controller.attach(args.runId);
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1005, format: (error as Error).message, showUser: true });
      this.sendEvent(new TerminatedEvent());
    }
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    try {
      // Detach first: the old run's end must not reach the client as the session's end.
      this.controller?.dispose();
      await this.controller?.terminate();
      this.engine?.halt();
      this.markConfigured();
      await this.launchRun(this.launchArgs!);
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1002, format: (error as Error).message, showUser: true });
    }
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    try {
      await this.controller?.terminate();
    } finally {
      this.sendResponse(response);
    }
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): Promise<void> {
    // An attached run is left as it is (detach) unless the client asks to end it.
    const detach = this.attached && args?.terminateDebuggee !== true;
    try {
      if (detach) this.controller?.releaseAll();
      else if (this.controller && !this.controller.hasFinished) await this.controller.terminate();
      this.controller?.dispose();
      this.engine?.halt();
      this.carried?.release();
      await this.store?.close();
    } finally {
      this.sendResponse(response);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Breakpoints

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source.path ?? '';
    this.sourceBreakpoints.set(file, args.breakpoints ?? []);
    const results = this.applySourceBreakpoints(file);
    response.body = { breakpoints: results };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.functionBreakpoints = args.breakpoints;
    response.body = { breakpoints: this.applyFunctionBreakpoints() };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const known = new Set(EXCEPTION_FILTERS.map(f => f.filter));
    this.exceptionFilters = args.filters.filter(f => known.has(f)) as ExceptionFilter[];
    this.controller?.setExceptionFilters(this.exceptionFilters);
    response.body = { breakpoints: args.filters.map(f => ({ verified: known.has(f) })) };
    this.sendResponse(response);
  }

  /** Re-resolves every breakpoint against the compiled bundle (after launch compiled it). */
  private applyBreakpoints(): void {
    for (const file of this.sourceBreakpoints.keys()) {
      for (const bp of this.applySourceBreakpoints(file)) this.sendEvent(new BreakpointEvent('changed', bp as DebugProtocol.Breakpoint));
    }
    this.applyFunctionBreakpoints();
    this.controller?.setExceptionFilters(this.exceptionFilters);
  }

  private applySourceBreakpoints(file: string): DebugProtocol.Breakpoint[] {
    const requested = this.sourceBreakpoints.get(file) ?? [];
    const results: DebugProtocol.Breakpoint[] = [];
    const domain: DebugBreakpoint[] = [];
    requested.forEach((req, index) => {
      const id = this.breakpointId(file, index);
      const line = this.convertClientLineToDebugger(req.line);
      const bp = new Breakpoint(false, req.line) as DebugProtocol.Breakpoint;
      bp.id = id;
      if (!this.bundle) {
        bp.message = 'The workflow is not compiled yet';
        results.push(bp);
        return;
      }
      const resolved = resolveLine(this.bundle, file, line);
      bp.line = this.convertDebuggerLineToClient(resolved.line);
      if (!resolved.verified) {
        bp.message = resolved.message;
        results.push(bp);
        return;
      }
      const workflow = this.bundle.workflows[resolved.target.workflow]!;
      try {
        domain.push({ id, target: resolved.target, hits: 0, ...this.conditionsOf(req, workflow) });
        bp.verified = true;
      } catch (error) {
        bp.message = (error as Error).message;
      }
      results.push(bp);
    });
    this.controller?.setBreakpoints(`source:${file}`, domain);
    return results;
  }

  private applyFunctionBreakpoints(): DebugProtocol.Breakpoint[] {
    const domain: DebugBreakpoint[] = [];
    const results = this.functionBreakpoints.map((req, index) => {
      const id = this.breakpointId('function', index);
      const found = this.findNode(req.name);
      const bp = new Breakpoint(false) as DebugProtocol.Breakpoint;
      bp.id = id;
      if (!this.bundle) { bp.message = 'The workflow is not compiled yet'; return bp; }
      if (!found) { bp.message = `No node named '${req.name}' in this debug session's workflows`; return bp; }
      try {
        domain.push({ id, target: { kind: 'function', name: req.name }, hits: 0, ...this.conditionsOf(req, found.workflow) });
        bp.verified = true;
        bp.line = this.convertDebuggerLineToClient(found.node.range.start.line);
        bp.source = this.sourceOf(found.workflow, found.node);
      } catch (error) {
        bp.message = (error as Error).message;
      }
      return bp;
    });
    this.controller?.setBreakpoints('functions', domain);
    return results;
  }

  /** Stable ids per (file, index) so `changed` events after launch update the same breakpoints. */
  private readonly ids = new Map<string, number>();
  private breakpointId(file: string, index: number): number {
    const key = `${file}#${index}`;
    let id = this.ids.get(key);
    if (id === undefined) { id = this.nextBreakpointId++; this.ids.set(key, id); }
    return id;
  }

  private conditionsOf(req: { condition?: string; hitCondition?: string; logMessage?: string }, workflow: WorkflowDefinition): Pick<DebugBreakpoint, 'condition' | 'hit' | 'log'> {
    const out: Pick<DebugBreakpoint, 'condition' | 'hit' | 'log'> = {};
    if (req.condition?.trim()) out.condition = this.parse(req.condition, workflow, 'Condition');
    if (req.hitCondition?.trim()) out.hit = parseHitCondition(req.hitCondition);
    if (req.logMessage) out.log = this.parseLogMessage(req.logMessage, workflow);
    return out;
  }

  /** `text {expr} text`: braces hold expressions, `{{` and `}}` are literal braces. */
  private parseLogMessage(message: string, workflow: WorkflowDefinition): Array<string | Expr> {
    const parts: Array<string | Expr> = [];
    let text = '';
    for (let i = 0; i < message.length; i++) {
      const c = message[i]!;
      if ((c === '{' || c === '}') && message[i + 1] === c) { text += c; i++; continue; }
      if (c !== '{') { text += c; continue; }
      const close = message.indexOf('}', i);
      if (close < 0) throw new Error(`Log message has an unclosed '{' at ${i + 1}`);
      if (text) parts.push(text);
      text = '';
      parts.push(this.parse(message.slice(i + 1, close), workflow, 'Log message expression'));
      i = close;
    }
    if (text) parts.push(text);
    return parts;
  }

  private parse(text: string, workflow: WorkflowDefinition, what: string): Expr {
    try {
      return this.services.parseExpression(text, workflow);
    } catch (error) {
      throw new Error(`${what} '${text}': ${(error as Error).message}`);
    }
  }

  private findNode(name: string): { workflow: WorkflowDefinition; node: NodeDefinition } | undefined {
    if (!this.bundle) return undefined;
    const [w, n] = name.includes('.') ? name.split('.', 2) as [string, string] : [undefined, name];
    for (const workflow of Object.values(this.bundle.workflows)) {
      if (w && workflow.id !== w) continue;
      const node = workflow.nodes.find(x => x.id === n);
      if (node) return { workflow, node };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Execution control

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.resetHandles();
    response.body = { allThreadsContinued: !args.singleThread };
    this.sendResponse(response);
    this.controller?.continue(args.threadId, args.singleThread === true);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resetHandles();
    this.sendResponse(response);
    this.controller?.next(args.threadId);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resetHandles();
    this.sendResponse(response);
    this.controller?.stepIn(args.threadId);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resetHandles();
    this.sendResponse(response);
    this.controller?.stepOut(args.threadId);
  }

  protected override async stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): Promise<void> {
    await this.reverse(response, () => this.controller?.stepBack(args.threadId));
  }

  protected override async reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): Promise<void> {
    await this.reverse(response, () => this.controller?.reverseContinue(args.threadId));
  }

  /** Reading the journal can fail (an unknown thread, a closed store): an error response, never a crash. */
  private async reverse(response: DebugProtocol.Response, move: () => Promise<void> | undefined): Promise<void> {
    this.resetHandles();
    try {
      await move();
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1006, format: (error as Error).message, showUser: true });
    }
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    this.sendResponse(response);
    this.controller?.pause(args.threadId);
  }

  private resetHandles(): void {
    this.frames.reset();
    this.containers.reset();
  }

  private onStopped(stop: StopInfo): void {
    this.lastException = stop.exception;
    const event = new StoppedEvent(stop.reason, stop.thread, stop.description) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    if (stop.breakpoints) event.body.hitBreakpointIds = stop.breakpoints;
    if (stop.exception) event.body.text = `${stop.exception.error.name}: ${stop.exception.error.message}`;
    this.sendEvent(event);
  }

  private onOutput(text: string, category: string, where?: { workflow: WorkflowDefinition; node: NodeDefinition }): void {
    const event = new OutputEvent(text, category) as DebugProtocol.OutputEvent;
    if (where) {
      event.body.source = this.sourceOf(where.workflow, where.node);
      event.body.line = this.convertDebuggerLineToClient(where.node.range.start.line);
      event.body.column = this.convertDebuggerColumnToClient(where.node.range.start.character);
    }
    this.sendEvent(event);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const e = this.lastException;
    response.body = {
      exceptionId: e?.error.name ?? 'none',
      description: e?.error.message ?? 'No exception',
      breakMode: 'always',
      details: e ? { typeName: e.error.name, message: e.error.message } : {},
    };
    this.sendResponse(response);
  }

  // -------------------------------------------------------------------------------------------
  // Threads, stack, scopes, variables

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: (this.controller?.listThreads() ?? []).map(t => new Thread(t.id, t.name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames = this.controller?.stack(args.threadId) ?? [];
    const dap = frames.map(f => {
      const id = this.frames.create(f);
      const name = `${f.workflow.id}.${f.node.id}${f.replay ? ' (recorded)' : ''}`;
      const range = f.node.range;
      return new StackFrame(id, name, this.sourceOf(f.workflow, f.node), this.convertDebuggerLineToClient(range.start.line), this.convertDebuggerColumnToClient(range.start.character));
    });
    response.body = { stackFrames: dap, totalFrames: dap.length };
    this.sendResponse(response);
  }

  private sourceOf(workflow: WorkflowDefinition, node: NodeDefinition): Source {
    const uri = node.range.uri || workflow.sourceUri;
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    return new Source(path.basename(file), this.convertDebuggerPathToClient(file));
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame = this.frames.get(args.frameId);
    if (!frame) {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    const scope = (name: string, kind: Extract<VariableContainer, { kind: 'scope' }>['scope'], expensive = false) =>
      new Scope(name, this.containers.create({ kind: 'scope', frame, scope: kind }), expensive);
    const inner = scopeOf(frame.node.id);
    response.body = {
      scopes: [
        scope('Node inputs (with)', 'with'),
        // Inside a foreach iteration or region: the `as` item and the frame's own inner results.
        ...(inner !== undefined ? [scope(`${iterationIndexOf(inner) !== undefined ? 'Iteration' : 'Region'} ${inner}`, 'frame')] : []),
        scope('Node results', 'results'),
        scope('Variables', 'variables'),
        scope('Inputs', 'inputs'),
        scope('Outputs', 'outputs'),
        scope('Trigger', 'trigger'),
      ],
    };
    this.sendResponse(response);
  }

  private scopeValues(c: Extract<VariableContainer, { kind: 'scope' }>): Record<string, unknown> {
    const { frame } = c;
    const state = frame.state;
    switch (c.scope) {
      case 'with': {
        const env = frameEnvironment(frame.workflow, state, frame.node, this.engine!.clock);
        const inputs = nodeInputs(frame.node, env);
        if (inputs.error) return { '<error>': inputs.error };
        return isStructured(inputs.value) && !Array.isArray(inputs.value) ? inputs.value : {};
      }
      case 'frame': return frameValues(state, frame.node);
      case 'results': return Object.fromEntries(state.results);
      case 'variables': {
        const out: Record<string, unknown> = { ...state.variables };
        for (const name of secretNames(frame.workflow)) out[name] = SECRET_MASK;
        return out;
      }
      case 'inputs': return { ...state.inputs };
      case 'outputs': return { ...state.outputs };
      case 'trigger': return { ...state.trigger };
    }
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const c = this.containers.get(args.variablesReference);
    let entries: Array<[string, unknown]> = [];
    if (c?.kind === 'scope') entries = Object.entries(this.scopeValues(c));
    else if (c?.kind === 'value' && isStructured(c.value)) entries = Object.entries(c.value);
    response.body = { variables: entries.map(([name, value]) => this.variable(name, value)) };
    this.sendResponse(response);
  }

  private variable(name: string, value: unknown): DebugProtocol.Variable {
    return {
      name,
      value: formatValue(value),
      type: value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'map' : typeof value,
      variablesReference: isStructured(value) ? this.containers.create({ kind: 'value', value }) : 0,
    };
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    const c = this.containers.get(args.variablesReference);
    try {
      if (c?.kind !== 'scope' || (c.scope !== 'variables' && c.scope !== 'outputs')) {
        throw new Error('Only workflow variables and outputs can be changed');
      }
      if (secretNames(c.frame.workflow).includes(args.name)) throw new Error('Secrets cannot be changed from the debugger');
      const value = this.evaluateIn(args.value, c.frame);
      await this.controller!.setVariable(c.frame, args.name, value);
      response.body = { value: formatValue(value), variablesReference: 0 };
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1003, format: (error as Error).message, showUser: true });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Evaluate and completions

  private evaluateIn(text: string, frame: DebugFrame): unknown {
    const expr = this.parse(text, frame.workflow, 'Expression');
    return evaluate(expr, frameEnvironment(frame.workflow, frame.state, frame.node, this.engine!.clock));
  }

  private defaultFrame(): DebugFrame | undefined {
    const thread = this.controller?.listThreads()[0];
    return thread ? this.controller!.stack(thread.id)[0] : undefined;
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const frame = args.frameId !== undefined ? this.frames.get(args.frameId) : this.defaultFrame();
    try {
      if (!frame) throw new Error('Nothing to evaluate in: the run is not stopped');
      const value = this.evaluateIn(args.expression, frame);
      response.body = { result: formatValue(value), variablesReference: isStructured(value) ? this.containers.create({ kind: 'value', value }) : 0 };
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: 1004, format: (error as Error).message, showUser: args.context === 'repl' });
    }
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const frame = args.frameId !== undefined ? this.frames.get(args.frameId) : this.defaultFrame();
    const workflow = frame?.workflow ?? (this.bundle ? this.bundle.workflows[this.bundle.entry] : undefined);
    const before = args.text.slice(0, this.convertClientColumnToDebugger(args.column));
    const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
    const afterDot = before.slice(0, before.length - word.length).endsWith('.');
    const targets = !workflow || afterDot ? [] : completionCandidates(workflow, frame?.node)
      .filter(c => c.label.startsWith(word))
      .map(c => ({ label: c.label, type: c.type, detail: c.detail, start: before.length - word.length, length: word.length }));
    response.body = { targets };
    this.sendResponse(response);
  }
}

/** An option given inline or as `@file.json` (relative to the program's folder). */
function readJsonOption(value: unknown, program: string, name: string): unknown {
  if (typeof value !== 'string') return value;
  if (!value.startsWith('@')) throw new Error(`'${name}' must be JSON data or '@file.json'`);
  const file = path.resolve(path.dirname(program), value.slice(1));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Cannot read the '${name}' file ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`The '${name}' file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

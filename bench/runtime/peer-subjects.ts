// Benchmark — the peers on the same scenarios and the same no-op async step: xstate (invoked
// promise actors), aws-local-stepfunctions (Task states with local handlers, Parallel),
// @wmfs/statebox (module resources, in-memory DAO) and bpmn-engine (service tasks, parallel
// gateways). They are devDependencies of the benchmark only.

import type { Subject } from './scenarios.js';

const noopAsync = (): Promise<null> => Promise.resolve(null);

// ---- xstate
export async function xstateSubject(): Promise<Subject> {
  const { setup, createActor, fromPromise, toPromise } = await import('xstate');
  const machineSetup = setup({ actors: { noop: fromPromise(noopAsync) } });
  const seqMachine = (n: number) => {
    const states: Record<string, object> = {};
    for (let i = 0; i < n; i++) states[`s${i}`] = { invoke: { src: 'noop', onDone: i + 1 < n ? `s${i + 1}` : 'done' } };
    states['done'] = { type: 'final' };
    return machineSetup.createMachine({ id: `seq${n}`, initial: 's0', states } as never);
  };
  const branches: Record<string, object> = {};
  for (let i = 0; i < 100; i++) branches[`b${i}`] = { initial: 'w', states: { w: { invoke: { src: 'noop', onDone: 'd' } }, d: { type: 'final' } } };
  const par = machineSetup.createMachine({ id: 'par', initial: 'p', states: { p: { type: 'parallel', states: branches, onDone: 'done' }, done: { type: 'final' } } } as never);
  const seq = seqMachine(1000);
  const ten = seqMachine(10);
  // Typed loosely: the machines are built from data, which xstate's generics cannot follow.
  const create = createActor as unknown as (m: unknown) => { start(): void };
  const done = toPromise as unknown as (a: unknown) => Promise<unknown>;
  const run = async (m: unknown): Promise<void> => {
    const actor = create(m);
    actor.start();
    await done(actor);
  };
  return {
    name: 'xstate',
    async setup() {},
    sequence: () => run(seq),
    parallel: () => run(par),
    async concurrent(runs) { await Promise.all(Array.from({ length: runs }, () => run(ten))); },
    async teardown() {},
  };
}

// ---- aws-local-stepfunctions
export async function stepFunctionsSubject(): Promise<Subject> {
  const { StateMachine } = await import('aws-local-stepfunctions');
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:noop';
  const seqDef = (n: number) => {
    const States: Record<string, object> = {};
    for (let i = 0; i < n; i++) States[`t${i}`] = i + 1 < n ? { Type: 'Task', Resource: arn, Next: `t${i + 1}` } : { Type: 'Task', Resource: arn, End: true };
    return { StartAt: 't0', States };
  };
  const handlers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, noopAsync]));
  const parDef = {
    StartAt: 'p',
    States: { p: { Type: 'Parallel', End: true, Branches: Array.from({ length: 100 }, (_, i) => ({ StartAt: `b${i}`, States: { [`b${i}`]: { Type: 'Task', Resource: arn, End: true } } })) } },
  };
  const seq = new StateMachine(seqDef(1000) as never);
  const ten = new StateMachine(seqDef(10) as never);
  const par = new StateMachine(parDef as never);
  const seqHandlers = { taskResourceLocalHandlers: handlers(1000) };
  const tenHandlers = { taskResourceLocalHandlers: handlers(10) };
  const parHandlers = { taskResourceLocalHandlers: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`b${i}`, noopAsync])) };
  return {
    name: 'aws-local-stepfunctions',
    async setup() {},
    async sequence() { await seq.run({}, { overrides: seqHandlers }).result; },
    async parallel() { await par.run({}, { overrides: parHandlers }).result; },
    async concurrent(runs) { await Promise.all(Array.from({ length: runs }, () => ten.run({}, { overrides: tenHandlers }).result)); },
    async teardown() {},
  };
}

// ---- @wmfs/statebox (Amazon States Language with Node "module" resources, in-memory DAO)
export async function stateboxSubject(): Promise<Subject> {
  // @ts-expect-error statebox ships no type declarations
  const { default: Statebox } = (await import('@wmfs/statebox')) as { default: new (options: object) => StateboxApi };
  interface StateboxApi {
    ready: Promise<void>;
    createModuleResources(resources: Record<string, unknown>): void;
    createStateMachines(defs: Record<string, object>, env: object): Promise<void>;
    startExecution(input: object, name: string, options: object): Promise<{ status: string; errorMessage?: string }>;
  }
  const statebox = new Statebox({ messages: { info() {} } }); // its readiness message is not a result
  await statebox.ready;
  statebox.createModuleResources({
    noop: class Noop {
      run(_event: unknown, context: { sendTaskSuccess(output: unknown): void }): void {
        void noopAsync().then(() => context.sendTaskSuccess({}));
      }
    },
  });
  const task = (next?: string) => (next ? { Type: 'Task', Resource: 'module:noop', ResultPath: null, Next: next } : { Type: 'Task', Resource: 'module:noop', ResultPath: null, End: true });
  const seqDef = (n: number) => {
    const States: Record<string, object> = {};
    for (let i = 0; i < n; i++) States[`t${i}`] = task(i + 1 < n ? `t${i + 1}` : undefined);
    return { StartAt: 't0', States };
  };
  const parDef = {
    StartAt: 'p',
    States: { p: { Type: 'Parallel', End: true, ResultPath: null, Branches: Array.from({ length: 100 }, (_, i) => ({ StartAt: `b${i}`, States: { [`b${i}`]: task() } })) } },
  };
  await statebox.createStateMachines({ seq: seqDef(1000), ten: seqDef(10), par: parDef }, {});
  const run = async (name: string): Promise<void> => {
    const done = await statebox.startExecution({}, name, { sendResponse: 'COMPLETE' });
    if (done.status !== 'SUCCEEDED') throw new Error(`statebox ${name}: ${done.status} ${done.errorMessage ?? ''}`);
  };
  return {
    name: '@wmfs/statebox',
    async setup() {},
    sequence: () => run('seq'),
    parallel: () => run('par'),
    async concurrent(runs) { await Promise.all(Array.from({ length: runs }, () => run('ten'))); },
    async teardown() {},
  };
}

// ---- bpmn-engine
export async function bpmnSubject(): Promise<Subject> {
  const { Engine } = await import('bpmn-engine');
  // @ts-expect-error bpmn-moddle ships no type declarations
  const { default: BpmnModdle } = (await import('bpmn-moddle')) as { default: new () => { fromXML(xml: string): Promise<unknown> } };
  const task = (id: string) => `<serviceTask id="${id}" implementation="\${environment.services.noop}" />`;
  const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  const wrap = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bench"><process id="p" isExecutable="true">${body}</process></definitions>`;
  const seqXml = (n: number) => {
    let body = '<startEvent id="start" /><endEvent id="end" />' + flow('f_s', 'start', 't0');
    for (let i = 0; i < n; i++) body += task(`t${i}`) + flow(`f${i}`, `t${i}`, i + 1 < n ? `t${i + 1}` : 'end');
    return wrap(body);
  };
  let parBody = '<startEvent id="start" /><parallelGateway id="split" /><parallelGateway id="join" /><endEvent id="end" />' + flow('f_s', 'start', 'split') + flow('f_e', 'join', 'end');
  for (let i = 0; i < 100; i++) parBody += task(`b${i}`) + flow(`fa${i}`, 'split', `b${i}`) + flow(`fb${i}`, `b${i}`, 'join');
  const moddle = new BpmnModdle();
  const contexts = {
    seq: await moddle.fromXML(seqXml(1000)),
    ten: await moddle.fromXML(seqXml(10)),
    par: await moddle.fromXML(wrap(parBody)),
  };
  const services = { noop: (_ctx: unknown, next: (err: Error | null, result?: unknown) => void) => { void Promise.resolve().then(() => next(null, null)); } };
  const run = async (moddleContext: unknown): Promise<void> => {
    const engine = new Engine({ moddleContext: moddleContext as never, services });
    const ended = engine.waitFor('end');
    await engine.execute();
    await ended;
  };
  return {
    name: 'bpmn-engine',
    async setup() {},
    sequence: () => run(contexts.seq),
    parallel: () => run(contexts.par),
    async concurrent(runs) { await Promise.all(Array.from({ length: runs }, () => run(contexts.ten))); },
    async teardown() {},
  };
}

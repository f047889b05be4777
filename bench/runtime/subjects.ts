// Benchmark — every subject of the runtime benchmark by name, in the order a pass measures them,
// made on demand (`index.ts` makes each just before its turn; `measure-alone.ts` makes one in a
// process of its own).

import type { Subject } from './scenarios.js';
import { bpmnSubject, stateboxSubject, stepFunctionsSubject, xstateSubject } from './peer-subjects.js';
import { postgresSubject, weftSubjects } from './weft-subjects.js';

export type MakeSubject = () => Promise<Subject> | Subject;

export interface SubjectEntry {
  /** The name the subject it makes carries. */
  name: string;
  make: MakeSubject;
  peer: boolean;
}

export const WEFT_MEMORY = 'weft (memory)';

export const SUBJECTS: readonly SubjectEntry[] = [
  ...weftSubjects.map((s) => ({ name: s.name, make: () => s, peer: false })),
  { name: 'weft (PostgreSQL)', make: postgresSubject, peer: false },
  { name: 'xstate', make: xstateSubject, peer: true },
  { name: 'aws-local-stepfunctions', make: stepFunctionsSubject, peer: true },
  { name: '@wmfs/statebox', make: stateboxSubject, peer: true },
  { name: 'bpmn-engine', make: bpmnSubject, peer: true },
];

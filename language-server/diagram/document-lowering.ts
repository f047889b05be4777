// Diagram model — how the diagram service lowers a built document: every workflow the file
// declares, each lowered alone (its sub-workflows are other diagrams). Any lowering failure
// (unresolved names…) means "no IR right now", and the last good picture stays.

import type { LangiumDocument } from 'langium';
import type { WorkflowDefinition } from '../../runtime/ir/workflow-definition.js';
import { isWorkflow, type Model } from '../generated/ast.js';
import type { WorkflowLowerer } from '../lowering/bundle-lowering.js';
import type { DocumentLowering } from './diagram-model-service.js';

export function documentLowering(lowerer: WorkflowLowerer): DocumentLowering {
  return (document: LangiumDocument): WorkflowDefinition[] => {
    const model = document.parseResult.value as Model;
    return model.declarations.filter(isWorkflow).map((w) => lowerer.lowerWorkflow(w));
  };
}

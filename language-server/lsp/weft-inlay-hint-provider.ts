// Inlay hints in Weft: the effective schedule after a `retry` clause (`1s, 2s, 4s …`), the
// inferred type of `var`s written without one and of values assigned by `set`, and the output
// type of a sub-workflow call. Types come from the type inferrer; literals get no hint.
import type { AstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { InlayHintAcceptor } from 'langium/lsp';
import { AbstractInlayHintProvider } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import type { Expression } from '../generated/ast.js';
import { isAssignment, isRetryOption, isVarDeclaration, isWorkflowTarget } from '../generated/ast.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { describeDelays, retrySchedule } from './retry-schedule.js';

/** Values whose type is plain to see (`0`, `"x"`, `true`, `5s`): no hint. */
const OBVIOUS = new Set(['NumberLiteral', 'StringLiteral', 'BooleanLiteral', 'NullLiteral', 'DurationLiteral', 'SizeLiteral', 'TemplateLiteral']);

export class WeftInlayHintProvider extends AbstractInlayHintProvider {
    protected readonly types: WeftTypeInferrer;

    constructor(services: WeftServices) {
        super();
        this.types = services.types.TypeInferrer;
    }

    computeInlayHint(node: AstNode, accept: InlayHintAcceptor): void {
        if (isRetryOption(node) && node.$cstNode) {
            accept({ position: node.$cstNode.range.end, label: `⏱ ${describeDelays(retrySchedule(node))}`, paddingLeft: true, tooltip: 'Delays before each retry (every × backoff^n, capped by max)' });
        } else if (isVarDeclaration(node) && !node.type && node.initial && !OBVIOUS.has(node.initial.$type)) {
            this.typeHint(node, 'name', this.types.typeOfDeclaration(node), accept);
        } else if (isAssignment(node) && node.value && !OBVIOUS.has(node.value.$type)) {
            this.typeHint(node, 'target', this.types.inferType(node.value as Expression), accept);
        } else if (isWorkflowTarget(node) && node.workflow?.ref && node.$cstNode) {
            const outputs = this.types.printType(this.types.outputsOf(node.workflow.ref));
            accept({ position: node.$cstNode.range.end, label: `→ ${outputs}`, kind: InlayHintKind.Type, paddingLeft: true, tooltip: 'The outputs of the sub-workflow: the result of this task' });
        }
    }

    protected typeHint(node: AstNode, property: string, type: Parameters<WeftTypeInferrer['printType']>[0], accept: InlayHintAcceptor): void {
        const name = node.$cstNode ? GrammarUtils.findNodeForProperty(node.$cstNode, property) : undefined;
        if (!name || type.kind === 'any') return;
        accept({ position: name.range.end, label: `: ${this.types.printType(type)}`, kind: InlayHintKind.Type });
    }
}

// Edit path: re-parses only the workflow member an edit falls in, instead of the whole file, and
// splices the new member into the previous syntax tree (AST and CST, every later position
// shifted). Used by workspace/incremental-document-factory.ts; whenever the result could differ
// from a full parse it declines (returns undefined) and the caller parses the whole text.
import type { AstNode, CstNode, LangiumParser, ParseResult } from 'langium';
import type { Model, Workflow, WorkflowMember } from '../generated/ast.js';
import { isWorkflow } from '../generated/ast.js';

/** The fields of the CST nodes (Langium 4.4's composites, compact-leaf.ts's leaves) that positions and caches live in. */
interface LeafFields { _offset: number }
interface CompositeFields { content: CstNode[]; _rangeCache: unknown; _astNode: AstNode | undefined; _text?: string }
type Cst = CstNode & Partial<LeafFields> & Partial<CompositeFields> & { container?: Cst };

const isComposite = (node: CstNode): node is Cst & CompositeFields => 'content' in node;

/** Characters a member may be delimited by for its text to lex the same on its own. */
const BOUNDARY = /[\s;]/;

/**
 * The parse of `text` made from `previous` (the error-free parse of the earlier text) by
 * re-parsing the one workflow member the change lies strictly inside, or undefined when that
 * is not possible (the change spans members, touches a member's edge, or the member no longer
 * parses on its own without errors).
 */
export function reparseMember(parser: LangiumParser, previous: ParseResult<Model>, text: string): ParseResult<Model> | undefined {
    const root = previous.value.$cstNode as Cst | undefined;
    if (!root || previous.lexerErrors.length > 0 || previous.parserErrors.length > 0) return undefined;
    const oldText = root.root.fullText;
    const change = changedRange(oldText, text);
    if (!change) return undefined;
    const found = memberAround(previous.value, change.start, change.oldEnd);
    if (!found) return undefined;
    const { workflow, index } = found;
    const member = workflow.members[index];
    const memberCst = member.$cstNode as Cst & CompositeFields;
    const start = memberCst.offset;
    const oldEnd = memberCst.end;
    const delta = text.length - oldText.length;
    const newEnd = oldEnd + delta;
    if (!BOUNDARY.test(text.charAt(start - 1)) || !BOUNDARY.test(text.charAt(newEnd) || ' ')) return undefined;

    const reparsed = parser.parse<AstNode>(text.slice(start, newEnd), { rule: 'WorkflowMember' });
    if (reparsed.lexerErrors.length > 0 || reparsed.parserErrors.length > 0) return undefined;
    const newMember = reparsed.value as WorkflowMember;
    const newCst = newMember.$cstNode as Cst & CompositeFields | undefined;
    if (!newCst || newCst.offset !== 0 || newCst.end !== newEnd - start) return undefined;

    // Shift everything after the member, then move the new member's CST under the old node.
    // (Leaves hold offsets only; lines and columns come from the root's text, replaced below.)
    shiftAfter(memberCst, delta);
    for (const child of newCst.content) (child as Cst).container = memberCst;
    memberCst.content = newCst.content;
    placeAt(memberCst, start);
    memberCst._astNode = newMember;
    (newMember as { $cstNode?: CstNode }).$cstNode = memberCst;
    for (let node: Cst | undefined = memberCst; node; node = node.container) node._rangeCache = undefined;
    root._text = text;

    return { value: renewSpine(previous.value, workflow, index, newMember), lexerErrors: [], lexerReport: reparsed.lexerReport, parserErrors: [] };
}

/** The changed range: same prefix and suffix removed; `oldEnd` in the old text. */
function changedRange(oldText: string, text: string): { start: number; oldEnd: number } | undefined {
    if (oldText === text) return undefined;
    const max = Math.min(oldText.length, text.length);
    let start = 0;
    while (start < max && oldText.charCodeAt(start) === text.charCodeAt(start)) start++;
    let suffix = 0;
    while (suffix < max - start && oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    return { start, oldEnd: oldText.length - suffix };
}

/** The top-level workflow member whose text strictly contains [start, end). */
function memberAround(model: Model, start: number, end: number): { workflow: Workflow; index: number } | undefined {
    for (const declaration of model.declarations) {
        const cst = declaration.$cstNode;
        if (!cst || start < cst.offset || end > cst.end) continue;
        if (!isWorkflow(declaration)) return undefined;
        const members = declaration.members;
        for (let index = 0; index < members.length; index++) {
            const member = members[index].$cstNode;
            if (!member) return undefined;
            if (member.offset < start && end < member.end) return { workflow: declaration, index };
            if (member.end >= start) return undefined;
        }
        return undefined;
    }
    return undefined;
}

/**
 * Moves every leaf after `member` (the later siblings of it and of each of its containers) by
 * `delta` characters and drops the cached ranges that may have changed. Nothing before the
 * member moves.
 */
function shiftAfter(member: Cst, delta: number): void {
    const pending: Cst[] = [];
    for (let child = member, parent = member.container; parent; child = parent, parent = parent.container) {
        parent._rangeCache = undefined;
        const siblings = parent.content!;
        for (let k = siblings.indexOf(child) + 1; k < siblings.length; k++) pending.push(siblings[k] as Cst);
    }
    moveLeaves(pending, delta);
}

/** Moves every leaf under `node` (parsed from a slice) to where the slice starts. */
function placeAt(node: Cst, offset: number): void {
    moveLeaves([node], offset);
}

function moveLeaves(pending: Cst[], delta: number): void {
    while (pending.length > 0) {
        const node = pending.pop()!;
        if (isComposite(node)) {
            node._rangeCache = undefined;
            for (const child of node.content) pending.push(child as Cst);
        } else {
            node._offset! += delta;
        }
    }
}

/**
 * New root and workflow objects around the new member (caches keyed by them must not see the
 * old contents); every other node is kept and re-pointed at its new container.
 */
function renewSpine(model: Model, workflow: Workflow, index: number, member: WorkflowMember): Model {
    const newModel = { ...model } as Model & { $document?: unknown };
    delete newModel.$document;
    const newWorkflow = { ...workflow, members: [...workflow.members] } as Workflow;
    newWorkflow.members[index] = member;
    (newModel as { declarations: Model['declarations'] }).declarations = model.declarations.map(d => d === workflow ? newWorkflow : d);
    for (const child of [...newModel.imports, ...newModel.declarations]) (child as { $container: AstNode }).$container = newModel;
    newWorkflow.members.forEach((child, i) => {
        Object.assign(child, { $container: newWorkflow, $containerProperty: 'members', $containerIndex: i });
    });
    (newModel.$cstNode as Cst)._astNode = newModel;
    (newWorkflow.$cstNode as Cst)._astNode = newWorkflow;
    return newModel;
}

// Bracket structure for the Weft formatter: matches `{ [ (` and template interpolations,
// decides which brackets are laid out over several lines ("broken") and which tokens start an
// entry of a broken block. Reads tokens and the AST; produces no text.
import type { AstNode } from 'langium';
import type { FormatToken } from './format-tokens.js';

export type FrameKind = 'bracket' | 'interpolation';

export interface Frame {
    readonly kind: FrameKind;
    /** Index of the opening token (-1 for the file itself). */
    readonly open: number;
    /** Index of the closing token (tokens.length for the file). */
    close: number;
    broken: boolean;
    /** The AST node whose children are this bracket's entries. */
    readonly owner?: AstNode;
    readonly parent?: Frame;
}

const OPENERS = new Set(['{', '[', 'INDEX_OPEN', '(']);
const CLOSERS = new Set(['}', ']', ')']);
const INTERPOLATION_OPEN = new Set(['TEMPLATE_HEAD', 'TRIPLE_HEAD']);
const INTERPOLATION_NEXT = new Set(['TEMPLATE_MIDDLE', 'TRIPLE_MIDDLE']);
const INTERPOLATION_CLOSE = new Set(['TEMPLATE_TAIL', 'TRIPLE_TAIL']);
/** Blocks laid out over several lines even when written on one. */
const ALWAYS_BROKEN_OWNERS = new Set(['Workflow', 'ForeachNode', 'RegionNode']);

export interface BracketStructure {
    readonly root: Frame;
    /** The innermost frame each token stands in (an opening token stands in its parent's frame). */
    readonly frameOf: Frame[];
    /** Frame opened by the token at this index, if any. */
    readonly opened: Map<number, Frame>;
    /** Frame closed by the token at this index, if any. */
    readonly closed: Map<number, Frame>;
    /** Tokens that start an entry of a broken block. */
    readonly entryStarts: Set<number>;
}

function gapHasNewline(text: string, tokens: readonly FormatToken[], i: number): boolean {
    const from = i < 0 ? 0 : tokens[i].end;
    const to = i + 1 < tokens.length ? tokens[i + 1].start : text.length;
    return text.slice(from, to).includes('\n');
}

/** Whether `node` is an element of an array property of `owner`. */
function isListChildOf(node: AstNode, owner: AstNode): boolean {
    if (node.$container !== owner || !node.$containerProperty) return false;
    return Array.isArray((owner as unknown as Record<string, unknown>)[node.$containerProperty]);
}

/** Whether the token is the first token of an element of one of `owner`'s lists. */
function startsListChild(token: FormatToken, owner: AstNode | undefined): boolean {
    if (!owner) return false;
    for (let node = token.astNode; node; node = node.$container) {
        if (node.$cstNode?.offset !== token.start) return false;
        if (isListChildOf(node, owner)) return true;
    }
    return false;
}

export function analyseBrackets(text: string, tokens: readonly FormatToken[], fileOwner: AstNode | undefined): BracketStructure {
    const root: Frame = { kind: 'bracket', open: -1, close: tokens.length, broken: true, owner: fileOwner };
    const frameOf: Frame[] = [];
    const opened = new Map<number, Frame>();
    const closed = new Map<number, Frame>();
    const frames: Frame[] = [];
    let current = root;
    tokens.forEach((token, i) => {
        const t = token.type;
        if (!token.comment && (CLOSERS.has(t) || INTERPOLATION_NEXT.has(t) || INTERPOLATION_CLOSE.has(t)) && current !== root
            && (current.kind === 'interpolation') === !CLOSERS.has(t)) {
            current.close = i;
            closed.set(i, current);
            current = current.parent ?? root;
        }
        frameOf[i] = current;
        if (!token.comment && (OPENERS.has(t) || INTERPOLATION_OPEN.has(t) || INTERPOLATION_NEXT.has(t))) {
            const frame: Frame = {
                kind: OPENERS.has(t) ? 'bracket' : 'interpolation',
                open: i, close: tokens.length, broken: false,
                owner: token.astNode, parent: current,
            };
            frames.push(frame);
            opened.set(i, frame);
            current = frame;
        }
    });

    // A bracket is broken when a line break stands between its tokens (not counting breaks
    // inside interpolations, which are always laid out inline) or it is a workflow-like body.
    const insideInterpolation = (i: number, frame: Frame): boolean => {
        for (let f: Frame | undefined = frameOf[i + 1]; f && f !== frame; f = f.parent) {
            if (f.kind === 'interpolation') return true;
        }
        return false;
    };
    for (const frame of frames) {
        if (frame.kind !== 'bracket' || frame.close === frame.open + 1) continue;
        if (ALWAYS_BROKEN_OWNERS.has(frame.owner?.$type ?? '') && tokens[frame.open].type === '{') {
            frame.broken = true;
            continue;
        }
        for (let i = frame.open; i < frame.close; i++) {
            if ((gapHasNewline(text, tokens, i) && !insideInterpolation(i, frame)) || tokens[i].type === 'SL_COMMENT') {
                frame.broken = true;
                break;
            }
        }
    }

    const entryStarts = new Set<number>();
    let previous = -1;
    tokens.forEach((token, i) => {
        if (token.comment) return;
        const frame = frameOf[i];
        if (frame.broken && !closed.has(i)) {
            const prev = previous < 0 ? undefined : tokens[previous];
            if (previous === frame.open
                || (prev && (prev.type === ',' || prev.type === ';') && frameOf[previous] === frame && prev.astNode === frame.owner)
                || startsListChild(token, frame.owner)) {
                entryStarts.add(i);
            }
        }
        previous = i;
    });
    return { root, frameOf, opened, closed, entryStarts };
}

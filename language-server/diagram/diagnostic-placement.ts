// Diagram model — places the document's diagnostics on the diagram: each one goes to the
// smallest node or edge whose source range contains it, else to the workflow around it.
// Takes LSP-shaped diagnostics (structurally), so it needs neither Langium nor a connection.

import type { SourcePosition, SourceRange } from '../../runtime/ir/source-range.js';
import type { DiagramDiagnostic, DiagramSeverity } from './diagram-model.js';

/** The part of an LSP `Diagnostic` the diagram uses. */
export interface DiagnosticInput {
  range: { start: SourcePosition; end: SourcePosition };
  /** LSP severity: 1 error, 2 warning, 3 information, 4 hint (error when absent). */
  severity?: number;
  message: string;
}

const SEVERITIES: DiagramSeverity[] = ['error', 'warning', 'info', 'hint'];

export function toDiagramDiagnostic(d: DiagnosticInput, uri: string): DiagramDiagnostic {
  const severity = SEVERITIES[(d.severity ?? 1) - 1] ?? 'error';
  return { severity, message: d.message, range: { uri, start: d.range.start, end: d.range.end } };
}

export function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Does `outer` contain the whole of `inner`? (Both in the same document.) */
export function rangeContains(outer: { start: SourcePosition; end: SourcePosition }, inner: { start: SourcePosition; end: SourcePosition }): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** A rough size of a range for "smallest container wins" (lines weigh more than characters). */
export function rangeSize(r: SourceRange | { start: SourcePosition; end: SourcePosition }): number {
  return (r.end.line - r.start.line) * 100_000 + (r.end.character - r.start.character);
}

/** Something diagnostics can be attached to. */
export interface DiagnosticTarget {
  range: SourceRange;
  diagnostics: DiagramDiagnostic[];
}

/**
 * Attaches every diagnostic to the smallest target containing it; returns the ones that fit
 * no target. Targets from other documents are ignored.
 */
export function placeDiagnostics(diagnostics: DiagramDiagnostic[], targets: DiagnosticTarget[]): DiagramDiagnostic[] {
  const unplaced: DiagramDiagnostic[] = [];
  for (const d of diagnostics) {
    let best: DiagnosticTarget | undefined;
    for (const t of targets) {
      if (t.range.uri !== d.range.uri || !rangeContains(t.range, d.range)) continue;
      if (!best || rangeSize(t.range) < rangeSize(best.range)) best = t;
    }
    if (best) best.diagnostics.push(d);
    else unplaced.push(d);
  }
  return unplaced;
}

// Runtime expressions — the one error type expression evaluation raises. Messages name types,
// never values (a value may be a secret), and carry the source range of the failing expression
// so the engine can report `file:line:col`.
import { fileURLToPath } from 'node:url';
import type { SourceRange } from '../ir/source-range.js';

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  /** The message without the location suffix. */
  readonly detail: string;
  /** Where the failing expression stands, when the IR carried a range. */
  readonly range?: SourceRange;

  constructor(detail: string, range?: SourceRange) {
    super(range ? `${detail} (at ${formatRange(range)})` : detail);
    this.detail = detail;
    this.range = range;
  }

  /** The same error placed at `range`, unless it already has a range. */
  withRange(range: SourceRange | undefined): ExpressionError {
    return this.range || !range ? this : new ExpressionError(this.detail, range);
  }
}

/** `path/file.weft:12:5` (1-based line and column) for a source range. */
export function formatRange(range: SourceRange): string {
  let file = range.uri;
  if (file.startsWith('file:')) {
    try { file = fileURLToPath(file); } catch { /* keep the URI */ }
  }
  return `${file}:${range.start.line + 1}:${range.start.character + 1}`;
}

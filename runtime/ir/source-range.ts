// IR — where a node, edge or declaration stands in its .weft file. Plain data so the engine,
// the debugger and the diagram can point back at source without knowing about Langium.

/** A position in a text document: 0-based line and UTF-16 character offset (as in LSP). */
export interface SourcePosition {
  line: number;
  character: number;
}

/** A range in a source file. `uri` is a `file://` URI (or another scheme from the editor). */
export interface SourceRange {
  uri: string;
  start: SourcePosition;
  end: SourcePosition;
}

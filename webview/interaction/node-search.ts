// Webview interaction — search of nodes by name: case-insensitive substring of the name (or,
// failing that, of the description), in model order, with a cursor that cycles through them.

import type { DiagramNode } from '../protocol.js';

export class NodeSearch {
  private results: string[] = [];
  private index = -1;
  query = '';

  /** Sets the query over `nodes`; returns the matching ids (empty query: none). */
  update(query: string, nodes: readonly DiagramNode[]): string[] {
    this.query = query.trim().toLowerCase();
    this.index = -1;
    if (!this.query) return (this.results = []);
    const byName = nodes.filter((n) => n.name.toLowerCase().includes(this.query));
    const byLabel = nodes.filter((n) => !byName.includes(n) && n.label.toLowerCase().includes(this.query));
    this.results = [...byName, ...byLabel].map((n) => n.id);
    return this.results;
  }

  get matches(): readonly string[] {
    return this.results;
  }

  /** The next match (wrapping), or undefined when nothing matches. */
  next(step: 1 | -1 = 1): string | undefined {
    if (!this.results.length) return undefined;
    this.index = (this.index + step + this.results.length) % this.results.length;
    return this.results[this.index];
  }
}

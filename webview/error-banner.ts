// Webview — the marker of what is wrong with the current text: a banner above the diagram
// listing the errors (line:column and message, as text), each a link that reveals it in the
// editor. Shown with the last good diagram when the text no longer lowers.

import type { DiagramDiagnostic } from './protocol.js';
import { html } from './render/svg-dom.js';

const SHOWN = 5;

export class ErrorBanner {
  readonly element: HTMLElement;

  constructor(parent: HTMLElement, private readonly onReveal: (d: DiagramDiagnostic) => void) {
    this.element = html('div', { class: 'banner', role: 'alert' }, parent);
  }

  show(errors: DiagramDiagnostic[], stale: boolean): void {
    this.element.replaceChildren();
    this.element.classList.toggle('visible', errors.length > 0 || stale);
    this.element.classList.toggle('stale', stale);
    if (!errors.length && !stale) return;
    const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
    const title = stale
      ? `⚠ The text has ${count}: showing the last good diagram.`
      : `⚠ ${count} in this file.`;
    html('div', { class: 'banner-title' }, this.element, title);
    const list = html('ul', {}, this.element);
    for (const d of errors.slice(0, SHOWN)) {
      const item = html('li', {}, list);
      const link = html('a', { role: 'link', tabindex: 0 }, item, `${d.range.start.line + 1}:${d.range.start.character + 1}`);
      link.addEventListener('click', () => this.onReveal(d));
      link.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.onReveal(d); });
      item.appendChild(document.createTextNode(` ${d.message}`));
    }
    if (errors.length > SHOWN) html('li', {}, list, `… and ${errors.length - SHOWN} more`);
  }
}

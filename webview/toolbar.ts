// Webview — the toolbar: plain HTML buttons and a search box styled with `--vscode-*`
// variables (see docs/diagram.md for why not a component library). It only reports what was
// pressed; the app decides what that does.

import { html } from './render/svg-dom.js';

export type ToolbarAction =
  | 'toggleDirection' | 'fit' | 'zoomIn' | 'zoomOut' | 'collapseAll' | 'expandAll' | 'toggleMinimap' | 'exportSvg' | 'exportPng';

export interface Toolbar {
  element: HTMLElement;
  search: HTMLInputElement;
  setDirection(direction: 'RIGHT' | 'DOWN'): void;
  setMinimap(on: boolean): void;
  setStatus(text: string): void;
}

const BUTTONS: Array<[ToolbarAction, string, string] | 'separator'> = [
  ['toggleDirection', '⇄', 'Layout direction: left to right (click for top down)'],
  'separator',
  ['fit', 'Fit', 'Fit the diagram to the view (0)'],
  ['zoomIn', '+', 'Zoom in (+)'],
  ['zoomOut', '−', 'Zoom out (-)'],
  'separator',
  ['collapseAll', 'Collapse', 'Collapse every foreach and region'],
  ['expandAll', 'Expand', 'Expand every foreach and region'],
  ['toggleMinimap', 'Overview', 'Show or hide the overview'],
  'separator',
  ['exportSvg', 'SVG', 'Export the diagram as SVG'],
  ['exportPng', 'PNG', 'Export the diagram as PNG'],
];

export function createToolbar(parent: HTMLElement, onAction: (action: ToolbarAction) => void, onSearch: (query: string, step: 1 | -1 | 0) => void): Toolbar {
  const element = html('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Diagram' }, parent);
  const buttons = new Map<ToolbarAction, HTMLButtonElement>();
  for (const b of BUTTONS) {
    if (b === 'separator') { html('span', { class: 'separator', role: 'separator' }, element); continue; }
    const [action, text, title] = b;
    const button = html('button', { type: 'button', title, 'aria-label': title, 'data-action': action }, element, text);
    button.addEventListener('click', () => onAction(action));
    buttons.set(action, button);
  }
  html('span', { class: 'separator', role: 'separator' }, element);
  const search = html('input', { type: 'search', placeholder: 'Find node…', 'aria-label': 'Find a node by name', class: 'search' }, element);
  search.addEventListener('input', () => onSearch(search.value, 0));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); onSearch(search.value, e.shiftKey ? -1 : 1); }
    if (e.key === 'Escape') { search.value = ''; onSearch('', 0); }
  });
  const status = html('span', { class: 'status', 'aria-live': 'polite' }, element);
  return {
    element, search,
    setDirection(direction) {
      const b = buttons.get('toggleDirection')!;
      b.textContent = direction === 'RIGHT' ? '⇄ LR' : '⇅ TD';
      const title = direction === 'RIGHT' ? 'Layout direction: left to right (click for top down)' : 'Layout direction: top down (click for left to right)';
      b.title = title;
      b.setAttribute('aria-label', title);
    },
    setMinimap(on) { buttons.get('toggleMinimap')!.setAttribute('aria-pressed', String(on)); },
    setStatus(text) { status.textContent = text; },
  };
}

// Diagram panel — the webview's HTML page with its Content Security Policy: nothing by default,
// the one bundled script by a crypto nonce, the stylesheet by nonce, the elk worker only from a
// `blob:` URL and fetches only from the extension's own webview folder. Pure: no `vscode` import,
// so the browser tests load exactly this page.

import { randomBytes } from 'node:crypto';

export interface DiagramHtmlOptions {
  /** `webview.cspSource`: the origin the webview may load our resources from. */
  cspSource: string;
  /** URI of dist/webview/diagram.js as the webview sees it. */
  scriptUri: string;
  /** URI of dist/webview/elk-worker.js as the webview sees it (fetched, then run from a blob). */
  workerUri: string;
  nonce?: string;
}

/** A fresh nonce: 128 bits from `crypto`, base64 (never `Math.random`). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} blob: data:`,
    `font-src ${cspSource}`,
    'worker-src blob:',
    `connect-src ${cspSource}`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderDiagramHtml(options: DiagramHtmlOptions): string {
  const nonce = options.nonce ?? createNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(options.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Weft diagram</title>
</head>
<body data-elk-worker="${attr(options.workerUri)}">
<script nonce="${attr(nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}

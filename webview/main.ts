// Webview entry (bundled to dist/webview/diagram.js): injects the stylesheet under the page's
// CSP nonce, starts the diagram app and feeds it the host's messages. The page tells it where
// the elk worker script is (`data-elk-worker` on <body>).

import { DiagramApp } from './diagram-app.js';
import { ElkWorkerLayoutEngine } from './layout/elk-layout-engine.js';
import type { HostToWebviewMessage } from './protocol.js';
import { DIAGRAM_CSS } from './styles.js';
import { connectToHost } from './vscode-api.js';

const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

function start(): void {
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = DIAGRAM_CSS;
  document.head.appendChild(style);
  const workerUrl = document.body.dataset.elkWorker;
  if (!workerUrl) throw new Error('the page does not say where elk-worker.js is (data-elk-worker)');
  const host = connectToHost();
  const app = new DiagramApp(document.body, host, new ElkWorkerLayoutEngine(workerUrl));
  // Messages are handled one at a time, in order, so a model and the cursor that follows it
  // are applied in the order the host sent them.
  let queue = Promise.resolve();
  window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
    const message = event.data;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    queue = queue.then(() => app.receive(message)).catch((err) => host.post({ type: 'error', message: String(err) }));
  });
  host.post({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

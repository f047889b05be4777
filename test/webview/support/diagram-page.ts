// Test support for the webview — serves the real bundle (dist/webview) and the real panel HTML
// (extension/diagram/webview-html.ts, same CSP) from a loopback node:http server, with a fake
// `acquireVsCodeApi` that records what the webview posts, and drives it in headless chromium.

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderDiagramHtml } from '../../../extension/diagram/webview-html.js';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../../webview/protocol.js';
import { distDir } from '../../support/paths.js';
import { themeBodyClass, themeCss, type ThemeName } from './themes.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export class DiagramTestServer {
  private server: http.Server | undefined;
  origin = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname === '/') {
      const requested = url.searchParams.get('theme');
      const theme: ThemeName = requested === 'dark' || requested === 'high-contrast' ? requested : 'light';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(testPage(this.origin, theme, url.searchParams.get('state')));
      return;
    }
    const file = { '/webview/diagram.js': 'webview/diagram.js', '/webview/elk-worker.js': 'webview/elk-worker.js' }[url.pathname];
    if (!file) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(await readFile(`${distDir}/${file}`));
  }
}

/** The panel's page plus, under the same nonce, the fake VS Code API and the theme variables. */
function testPage(origin: string, theme: ThemeName, state: string | null): string {
  const nonce = 'dGVzdC1ub25jZS0xMjM0NQ==';
  const page = renderDiagramHtml({ cspSource: origin, scriptUri: `${origin}/webview/diagram.js`, workerUri: `${origin}/webview/elk-worker.js`, nonce });
  const fake = `<style nonce="${nonce}">${themeCss(theme)}</style>
<script nonce="${nonce}">
  window.__posted = [];
  window.__state = ${state ?? 'undefined'};
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { const copy = JSON.parse(JSON.stringify(m)); window.__posted.push(copy); window.__weftPosted(copy); },
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
</script>`;
  return page.replace('</head>', `${fake}\n</head>`).replace('<body ', `<body class="${themeBodyClass(theme)}" `);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** One loaded diagram page and helpers to talk to it as the extension would. */
export class DiagramPage {
  /** Every message the webview posted, in order (pushed by a page binding: a real signal). */
  readonly messages: WebviewToHostMessage[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(readonly page: Page) {}

  static async open(browser: Browser, server: DiagramTestServer, options: { theme?: ThemeName; width?: number; height?: number; state?: unknown } = {}): Promise<DiagramPage> {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: options.height ?? 700 } });
    const p = new DiagramPage(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.exposeFunction('__weftPosted', (m: WebviewToHostMessage) => {
      p.messages.push(m);
      for (const w of p.waiters.splice(0)) w();
    });
    const query = new URLSearchParams({ theme: options.theme ?? 'light' });
    if (options.state !== undefined) query.set('state', JSON.stringify(options.state));
    await page.goto(`${server.origin}/?${query}`);
    await p.waitForPosted((m) => m.type === 'ready');
    if (errors.length) throw new Error(errors.join('\n'));
    return p;
  }

  async send(message: HostToWebviewMessage): Promise<void> {
    await this.page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  }

  async state(): Promise<unknown> {
    return this.page.evaluate('window.__state');
  }

  /** Forgets the messages recorded so far. */
  clearPosted(): void {
    this.messages.length = 0;
  }

  /** Waits until the webview has posted a message matching `predicate`. */
  async waitForPosted<T extends WebviewToHostMessage>(predicate: (m: WebviewToHostMessage) => boolean, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the webview did not post the expected message; posted: ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Sends a model and waits until it is drawn; returns the `rendered` report. */
  async showModel(model: import('../../../webview/protocol.js').DiagramDocumentModel): Promise<Extract<WebviewToHostMessage, { type: 'rendered' }>> {
    await this.send({ type: 'model', model });
    return this.waitForPosted((m) => m.type === 'rendered' && m.stamp === model.stamp && m.uri === model.uri);
  }

  /** Box of a node in page pixels (its outline's bounding box). */
  async nodeBox(id: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.locator(`.node[data-id="${id}"] .outline`).first().boundingBox();
    if (!box) throw new Error(`node ${id} is not drawn`);
    return box;
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate('window.__cspViolations') as Promise<string[]>;
  }
}

/**
 * For a mocha suite: starts the page server and chromium before its tests, stops both after,
 * and returns the function its tests open pages with.
 */
export function useDiagramPages(): (options?: Parameters<typeof DiagramPage.open>[2]) => Promise<DiagramPage> {
  const server = new DiagramTestServer();
  let browser: Browser | undefined;
  before(async () => {
    await server.start();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });
  return (options) => DiagramPage.open(browser!, server, options);
}

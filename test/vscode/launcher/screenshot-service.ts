// A loopback HTTP endpoint through which the suite, running inside the extension host, asks the
// launcher for a screenshot of the workbench (GET /screenshot?name=…&selector=…). It only takes
// pictures; the suite decides when the editor shows what is worth recording.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';

export interface ScreenshotService {
  readonly url: string;
  attach(page: Page): void;
  readonly taken: string[];
  close(): Promise<void>;
}

export async function startScreenshotService(dir: string): Promise<ScreenshotService> {
  let page: Page | undefined;
  const taken: string[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = url.searchParams.get('name') ?? '';
    if (url.pathname !== '/screenshot' || !/^[\w-]+$/.test(name) || !page) {
      res.writeHead(400).end('expected /screenshot?name=[A-Za-z0-9_-]+ once the page is open');
      return;
    }
    const selector = url.searchParams.get('selector');
    let selectorSeen = true;
    if (selector) {
      // The suite asserts through the API; the selector only waits for the UI to catch up.
      selectorSeen = await page.waitForSelector(selector, { state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    }
    const file = path.join(dir, `${name}.png`);
    try {
      await page.screenshot({ path: file });
      taken.push(file);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ file, selectorSeen }));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attach: (p) => (page = p),
    taken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Drives the VS Code web workbench in headless chromium (playwright-core): opens the folder with
// the extension-tests payload, forwards the test output (codeAutomationLog) and resolves with the
// exit code the workbench reports (codeAutomationExit). Every non-loopback request is aborted.
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface WorkbenchTestRun {
  chromiumPath: string;
  port: number;
  folder: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  timeoutMs: number;
  onLog(line: string): void;
  onPage?(page: Page): void;
  /** Called before the browser closes, with the reason: 'exit' or 'timeout'. */
  beforeClose?(page: Page, reason: 'exit' | 'timeout'): Promise<void>;
}

export function isLoopback(url: string): boolean {
  if (/^(data|blob|about|vscode-[\w-]+):/.test(url)) return true;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

export function workbenchUrl(run: Pick<WorkbenchTestRun, 'port' | 'folder' | 'extensionDevelopmentPath' | 'extensionTestsPath'>): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${run.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(run.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(run.extensionTestsPath)],
  ];
  return `http://127.0.0.1:${run.port}/?folder=${encodeURIComponent(run.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Resolves with the suite's exit code (0 = every test passed), or 1 on timeout. */
export async function runTestsInWorkbench(run: WorkbenchTestRun): Promise<number> {
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    browser = await chromium.launch({
      executablePath: run.chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      run.onLog(`[launcher] blocked non-loopback request: ${url}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    run.onPage?.(page);
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The workbench forwards console calls: printf-style format string first.
      const text = format(...(Array.isArray(args) ? args : [args]));
      run.onLog(type === 'info' || type === 'log' ? text : `[${type}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    page.on('pageerror', (err) => run.onLog(`[page error] ${err.message}`));
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), run.timeoutMs)));
    await page.goto(workbenchUrl(run));
    const outcome = await Promise.race([exited, timedOut]);
    if (outcome === 'timeout') {
      run.onLog(`[launcher] the suite did not finish within ${run.timeoutMs} ms`);
      await run.beforeClose?.(page, 'timeout').catch((e) => run.onLog(`[launcher] ${e}`));
      return 1;
    }
    await run.beforeClose?.(page, 'exit').catch((e) => run.onLog(`[launcher] ${e}`));
    return outcome;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
  }
}

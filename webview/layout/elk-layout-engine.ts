// Webview layout — runs elkjs in a Web Worker created from a `blob:` URL (the CSP allows
// `worker-src blob:` only): the worker script is fetched from the extension's dist/webview
// folder once, wrapped in a Blob, and elkjs's promise API talks to it. No layout on the UI thread.

import ElkApi from 'elkjs/lib/elk-api.js';
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DiagramLayout } from './diagram-layout.js';
import { fromElkGraph, toElkGraph, type LayoutRequest } from './elk-graph.js';

export interface LayoutResult { layout: DiagramLayout; layoutMs: number }

export interface LayoutEngine {
  layout(request: LayoutRequest): Promise<LayoutResult>;
  dispose(): void;
}

export class ElkWorkerLayoutEngine implements LayoutEngine {
  private elk: Promise<ELK> | undefined;
  private blobUrl: string | undefined;

  /** `workerScriptUrl`: where the webview may fetch `elk-worker.js` from. */
  constructor(private readonly workerScriptUrl: string) {}

  async layout(request: LayoutRequest): Promise<LayoutResult> {
    const elk = await this.start();
    const started = performance.now();
    const result: ElkNode = await elk.layout(toElkGraph(request));
    return { layout: fromElkGraph(result, request), layoutMs: performance.now() - started };
  }

  dispose(): void {
    void this.elk?.then((e) => e.terminateWorker());
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
    this.elk = undefined;
  }

  private start(): Promise<ELK> {
    this.elk ??= (async () => {
      const response = await fetch(this.workerScriptUrl);
      if (!response.ok) throw new Error(`cannot load the layout worker (${response.status})`);
      const source = await response.text();
      this.blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const blobUrl = this.blobUrl;
      // elk-api is CommonJS: its constructor is both `module.exports` and its `default`.
      return new ElkApi.default({ workerUrl: blobUrl, workerFactory: (url?: string) => new Worker(url ?? blobUrl) });
    })();
    this.elk.catch(() => { this.elk = undefined; });
    return this.elk;
  }
}

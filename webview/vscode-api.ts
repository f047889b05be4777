// Webview — the typed handle on the host: `acquireVsCodeApi()` (VS Code's, or the test page's
// fake) narrowed to our protocol. The only place the webview posts messages or keeps state.

import type { DiagramViewState, WebviewToHostMessage } from './protocol.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  post(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: DiagramViewState): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}

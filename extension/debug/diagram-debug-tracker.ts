// Debugger — a DebugAdapterTracker that feeds the open diagram the debugger's current node(s):
// the top frame of each thread's stack as the session answers `stackTrace`, cleared when the
// run continues and dropped when the session ends. It observes messages, it never sends any.
import type * as vscode from 'vscode';
import type { DiagramFeed } from '../diagram/register-diagram.js';
import { frameNodeId } from './debug-frames.js';

interface DapMessage { type: string; seq: number; command?: string; event?: string; request_seq?: number; success?: boolean; arguments?: { threadId?: number }; body?: { stackFrames?: Array<{ name: string }>; allThreadsContinued?: boolean; threadId?: number } }

export class DiagramDebugTracker implements vscode.DebugAdapterTracker {
  private readonly stackRequests = new Map<number, number>();
  private readonly current = new Map<number, string>();

  constructor(private readonly diagram: DiagramFeed) {}

  onWillReceiveMessage(message: unknown): void {
    const m = message as DapMessage;
    if (m.type === 'request' && m.command === 'stackTrace' && m.arguments?.threadId !== undefined) this.stackRequests.set(m.seq, m.arguments.threadId);
  }

  onDidSendMessage(message: unknown): void {
    const m = message as DapMessage;
    if (m.type === 'response' && m.command === 'stackTrace' && m.request_seq !== undefined) {
      const thread = this.stackRequests.get(m.request_seq);
      this.stackRequests.delete(m.request_seq);
      const top = m.success ? m.body?.stackFrames?.[0] : undefined;
      const node = top ? frameNodeId(top.name) : undefined;
      if (thread === undefined || !node) return;
      this.current.set(thread, node);
      this.post();
    } else if (m.type === 'event' && m.event === 'continued') {
      if (m.body?.allThreadsContinued === false && m.body.threadId !== undefined) this.current.delete(m.body.threadId);
      else this.current.clear();
      this.post();
    } else if (m.type === 'event' && (m.event === 'terminated' || m.event === 'exited')) {
      this.current.clear();
      this.diagram.post({ type: 'clearRun' });
    }
  }

  onExit(): void {
    this.diagram.post({ type: 'clearRun' });
  }

  private post(): void {
    this.diagram.post({ type: 'currentNodes', nodeIds: [...new Set(this.current.values())] });
  }
}

// Runs view — the history of one run as markdown (a read-only virtual document, scheme
// `weft-run`): status, inputs, outputs, error, the node table in execution order and the audit
// trail (the controls applied to the run, as `weft show` prints them). It formats a folded
// state; secrets were masked by the engine before they were journaled.
import { auditTrail } from '../../runtime/journal/audit-trail.js';
import type { WorkflowState } from '../../runtime/journal/workflow-state.js';
import { brief, formatDuration } from '../run/run-format.js';
import { formatStart } from './run-tree-model.js';

export function runHistoryMarkdown(runId: string, state: WorkflowState): string {
  const lines = [
    `# ${state.workflowId} — run ${runId}`,
    '',
    `- status: **${state.status}**${state.paused ? ' (paused)' : ''}`,
    `- started: ${formatStart(state.startedAt)}${state.endedAt ? `, took ${formatDuration(state.endedAt - state.startedAt)}` : ''}`,
    `- inputs: \`${brief(state.inputs, 400)}\``,
    `- outputs: \`${brief(state.outputs, 400)}\``,
  ];
  if (state.error) lines.push(`- error: ${state.error.name}${state.error.node ? ` at ${state.error.node}` : ''}: ${state.error.message}`);
  lines.push('', '| # | node | attempt | status | started | duration | error |', '| --- | --- | --- | --- | --- | --- | --- |');
  state.history.forEach((e, i) => {
    const duration = e.endedAt !== undefined ? formatDuration(e.endedAt - e.startedAt) : '';
    const error = e.error ? cell(`${e.error.name}: ${e.error.message}`) : '';
    lines.push(`| ${i + 1} | ${e.node} | ${e.attempt} | ${e.status}${e.cached ? ' (cached)' : ''} | ${formatStart(e.startedAt)} | ${duration} | ${error} |`);
  });
  const audit = auditTrail(state.log);
  if (audit.length) {
    lines.push('', '## Audit trail', '', '| time | actor | action |', '| --- | --- | --- |');
    for (const a of audit) lines.push(`| ${formatStart(a.at)} | ${cell(a.actor)} | ${cell(a.action)} |`);
  }
  return lines.join('\n') + '\n';
}

/** Text in a table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

// retry-exceeds-timeout: a task's `timeout` bounds each attempt (runtime/engine), so the
// timeout "around" a retry schedule is the one of a caller: `task t: workflow W { timeout d }`
// waits at most d for W, and a node of W whose retry delays alone add up to d or more can never
// use its last retries. Reported on the caller's timeout (warning). Also: retry values.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { RetryOption, TaskNode, TimeoutOption, WeftAstType, Workflow } from '../generated/ast.js';
import { isForeachNode, isNode, isRegionNode, isRetryOption, isTimeoutOption } from '../generated/ast.js';
import { durationToMs } from '../lowering/units.js';
import { report } from './diagnostic-codes.js';
import { errorProfile } from './error-routes.js';

/** The sum of the delays of every retry of `retry` (jitter can only shorten them), in ms. */
export function retryDelayBudget(retry: RetryOption): number | undefined {
    const every = retry.every ? durationToMs(retry.every) : 1000; // the runtime's default first delay
    if (every === undefined) return undefined;
    const max = retry.max ? durationToMs(retry.max) : undefined;
    const backoff = retry.backoff ?? 1;
    let total = 0;
    for (let k = 0; k < Math.min(retry.times ?? 0, 10_000); k++) {
        const delay = every * Math.pow(backoff, k);
        total += max !== undefined ? Math.min(delay, max) : delay;
        if (!Number.isFinite(total)) return Infinity;
    }
    return total;
}

export function formatMs(ms: number): string {
    if (!Number.isFinite(ms)) return 'forever';
    const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
    for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
    return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

interface RetryingNode { workflow: string; node: string; budget: number }

export class RetryChecks {
    checks(): ValidationChecks<WeftAstType> {
        return {
            RetryOption: (r, accept) => this.checkRetryValues(r, accept),
            TimeoutOption: (t, accept) => this.checkTimeout(t, accept),
            TaskNode: (t, accept) => this.checkCallerTimeout(t, accept),
        };
    }

    checkRetryValues(retry: RetryOption, accept: ValidationAcceptor): void {
        const owner = retry.$container;
        if (owner && isNode(owner)) {
            const profile = errorProfile(owner);
            retry.unless.forEach((name, index) => {
                if (profile.open || profile.names.includes(name) || (name === 'Timeout' && profile.timeoutPossible)) return;
                report(accept, 'impossible-error-route', `'${owner.name}' is ${profile.what} and never raises ${name}: \`unless ${name}\` has no effect`, { node: retry, property: 'unless', index });
            });
        }
        if (retry.times !== undefined && (!Number.isInteger(retry.times) || retry.times < 0)) {
            report(accept, 'invalid-value', `\`retry N times\` needs a whole number, got ${retry.times}`, { node: retry, property: 'times' });
        }
        if (retry.backoff !== undefined && retry.backoff < 1) {
            report(accept, 'invalid-value', `\`backoff\` multiplies each delay and must be at least 1, got ${retry.backoff}`, { node: retry, property: 'backoff' });
        }
        const every = retry.every ? durationToMs(retry.every) : undefined;
        const max = retry.max ? durationToMs(retry.max) : undefined;
        if (every !== undefined && max !== undefined && max < every) {
            report(accept, 'invalid-value', `\`max ${retry.max}\` is shorter than the first delay \`every ${retry.every}\``, { node: retry, property: 'max' });
        }
    }

    checkTimeout(option: TimeoutOption, accept: ValidationAcceptor): void {
        if (option.duration && durationToMs(option.duration) === 0) {
            report(accept, 'invalid-value', 'A timeout must be longer than 0', { node: option, property: 'duration' });
        }
    }

    checkCallerTimeout(task: TaskNode, accept: ValidationAcceptor): void {
        if (task.target?.$type !== 'WorkflowTarget') return;
        const callee = task.target.workflow?.ref;
        const timeout = task.options.find(isTimeoutOption);
        const limit = timeout?.duration ? durationToMs(timeout.duration) : undefined;
        if (!callee || !timeout || limit === undefined) return;
        const worst = this.retryingNodes(callee, new Set()).sort((a, b) => b.budget - a.budget)[0];
        if (!worst || worst.budget < limit) return;
        report(accept, 'retry-exceeds-timeout',
            `Node '${worst.node}' of workflow '${worst.workflow}' can spend ${formatMs(worst.budget)} waiting between retries alone, longer than this ${timeout.duration} timeout around it: its last retries can never run`,
            { node: timeout, property: 'duration', data: { budgetMs: worst.budget, timeoutMs: limit } });
    }

    /** Retry budgets of the nodes of `workflow` and of the workflows it calls without a timeout of their own. */
    protected retryingNodes(workflow: Workflow, visited: Set<Workflow>): RetryingNode[] {
        if (visited.has(workflow)) return [];
        visited.add(workflow);
        const result: RetryingNode[] = [];
        const visit = (members: readonly unknown[]) => {
            for (const m of members) {
                if (!isNode(m)) continue;
                const options = 'options' in m ? (m.options as unknown[]) : [];
                const retry = options.find(isRetryOption);
                const budget = retry ? retryDelayBudget(retry) : undefined;
                if (budget !== undefined && budget > 0) result.push({ workflow: workflow.name, node: m.name, budget });
                if (m.$type === 'TaskNode' && m.target?.$type === 'WorkflowTarget' && m.target.workflow?.ref && !options.some(isTimeoutOption)) {
                    result.push(...this.retryingNodes(m.target.workflow.ref, visited));
                }
                if (isForeachNode(m) || isRegionNode(m)) visit(m.members);
            }
        };
        visit(workflow.members);
        return result;
    }
}

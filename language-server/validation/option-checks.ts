// Node options and settings: each option at most once (`duplicate-option`), options only where
// they mean something (`invalid-option`: `body`/`headers`/`query` outside HTTP tasks, unknown
// limits), values of the right unit (`limits { memory 64MB, cpu 2s, concurrency 4 }`), required
// settings (`missing-setting`: an ai needs model and prompt, an approval its ask), the shape of
// HTTP connector actions, webhook paths and schedules (`invalid-schedule`).
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import { Cron } from 'croner';
import type {
    AiNode, ApprovalNode, Connector, ConnectorTarget, EmitNode, LimitEntry, ListenAlternative, ListenNode, TaskNode, Trigger, WaitNode, WeftAstType,
} from '../generated/ast.js';
import { report } from './diagnostic-codes.js';
import { didYouMean, suggestNames } from './did-you-mean.js';

const ONCE = new Set(['WithOption', 'TimeoutOption', 'RetryOption', 'LimitsOption', 'CacheOption', 'CompensateOption', 'LockOption', 'IdempotentOption']);
const OPTION_WORD: Record<string, string> = {
    WithOption: 'with', TimeoutOption: 'timeout', RetryOption: 'retry', LimitsOption: 'limits', CacheOption: 'cache',
    CompensateOption: 'compensate', LockOption: 'lock', IdempotentOption: 'idempotent',
};
const LIMITS: Record<string, 'size' | 'duration' | 'number'> = { memory: 'size', cpu: 'duration', concurrency: 'number' };
const HTTP_ACTIONS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

type OptionHolder = TaskNode | AiNode | ApprovalNode;

export class OptionChecks {
    checks(): ValidationChecks<WeftAstType> {
        return {
            TaskNode: (n, accept) => { this.checkOptions(n, accept); this.checkHttpParts(n, accept); },
            AiNode: (n, accept) => { this.checkOptions(n, accept); this.checkSettings(n, ['model', 'prompt'], accept); },
            ApprovalNode: (n, accept) => { this.checkOptions(n, accept); this.checkSettings(n, ['ask'], accept); },
            ListenNode: (n, accept) => this.checkListen(n, accept),
            LimitEntry: (e, accept) => this.checkLimit(e, accept),
            ConnectorTarget: (t, accept) => this.checkConnectorAction(t, accept),
            Connector: (c, accept) => this.checkConnector(c, accept),
            Trigger: (t, accept) => this.checkTrigger(t, accept),
            EmitNode: (e, accept) => this.checkEventType(e, accept),
            WaitNode: (w, accept) => this.checkEventType(w, accept),
            ListenAlternative: (a, accept) => this.checkEventType(a, accept),
            LockOption: (l, accept) => {
                if (l.lock !== undefined && l.lock.trim() === '') report(accept, 'invalid-value', 'A lock needs a name', { node: l, property: 'lock' });
            },
        };
    }

    checkOptions(node: OptionHolder, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const option of node.options) {
            const key = option.$type === 'HttpPartOption' ? `HttpPartOption:${option.part}` : option.$type;
            if (!ONCE.has(option.$type) && option.$type !== 'HttpPartOption') continue;
            if (seen.has(key)) {
                const word = option.$type === 'HttpPartOption' ? option.part : OPTION_WORD[option.$type];
                report(accept, 'duplicate-option', `\`${word}\` is given more than once in '${node.name}'`, { node: option });
            }
            seen.add(key);
        }
    }

    checkHttpParts(task: TaskNode, accept: ValidationAcceptor): void {
        const target = task.target;
        if (!target || target.$type === 'HttpTarget') return;
        for (const option of task.options) {
            if (option.$type !== 'HttpPartOption') continue;
            const hint = target.$type === 'ConnectorTarget'
                ? `a connector action takes its request parts through \`with { ${option.part}: … }\``
                : 'pass data to this task with `with { … }`';
            report(accept, 'invalid-option', `\`${option.part}\` belongs to \`http\` tasks; ${hint}`, { node: option, property: 'part' });
        }
    }

    checkSettings(node: AiNode | ApprovalNode, required: string[], accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const setting of node.settings) {
            if (seen.has(setting.key)) report(accept, 'duplicate-option', `\`${setting.key}\` is given more than once in '${node.name}'`, { node: setting, property: 'key' });
            seen.add(setting.key);
        }
        const missing = required.filter(k => !seen.has(k));
        if (missing.length > 0) {
            const what = node.$type === 'AiNode' ? 'An ai node' : 'An approval';
            report(accept, 'missing-setting', `${what} needs ${missing.map(m => `\`${m}\``).join(' and ')}`, { node, property: 'name', data: { missing } });
        }
    }

    checkListen(listen: ListenNode, accept: ValidationAcceptor): void {
        listen.timeouts.slice(1).forEach(t => report(accept, 'duplicate-option', `\`timeout\` is given more than once in '${listen.name}'`, { node: t }));
        if (listen.alternatives.length === 0) report(accept, 'missing-setting', `Listen '${listen.name}' needs at least one event type to listen for`, { node: listen, property: 'name' });
        const types = new Set<string>();
        for (const alt of listen.alternatives) {
            if (types.has(alt.eventType)) report(accept, 'duplicate-option', `"${alt.eventType}" is listed twice in '${listen.name}'`, { node: alt, property: 'eventType' });
            types.add(alt.eventType);
        }
    }

    checkLimit(entry: LimitEntry, accept: ValidationAcceptor): void {
        const unit = LIMITS[entry.key];
        if (!unit) {
            report(accept, 'invalid-option', `Unknown limit '${entry.key}'.${didYouMean(suggestNames(entry.key, Object.keys(LIMITS)))} Limits are memory (a size), cpu (a duration) and concurrency (a number)`,
                { node: entry, property: 'key', data: { name: entry.key, suggestions: suggestNames(entry.key, Object.keys(LIMITS)) } });
            return;
        }
        const given = entry.size !== undefined ? 'size' : entry.duration !== undefined ? 'duration' : 'number';
        if (given !== unit) {
            const example = unit === 'size' ? '64MB' : unit === 'duration' ? '2s' : '4';
            report(accept, 'invalid-value', `\`${entry.key}\` needs a ${unit} like ${example}, got a ${given}`, { node: entry, property: given });
        } else if (unit === 'number' && (!Number.isInteger(entry.number) || entry.number! < 1)) {
            report(accept, 'invalid-value', `\`${entry.key}\` needs a whole number of at least 1`, { node: entry, property: 'number' });
        }
    }

    checkConnectorAction(target: ConnectorTarget, accept: ValidationAcceptor): void {
        const connector = target.connector?.ref;
        if (!connector || connector.kind !== 'http' || !target.action) return;
        if (!HTTP_ACTIONS.includes(target.action)) {
            report(accept, 'unknown-connector-action',
                `An http connector has no action '${target.action}'.${didYouMean(suggestNames(target.action, HTTP_ACTIONS))} Actions: ${HTTP_ACTIONS.join(', ')}`,
                { node: target, property: 'action', data: { name: target.action, suggestions: suggestNames(target.action, HTTP_ACTIONS) } });
            return;
        }
        if (target.args.length !== 1) {
            report(accept, 'unknown-connector-action', `${connector.name}.${target.action}(path) takes one argument, the path (like "/charges"), got ${target.args.length}`, { node: target, property: 'action' });
        }
    }

    checkConnector(connector: Connector, accept: ValidationAcceptor): void {
        if (connector.kind !== 'http') return;
        const seen = new Set<string>();
        for (const s of connector.settings) {
            const key = s.name !== undefined ? `${s.key}:${s.name.toLowerCase()}` : s.key;
            if (seen.has(key)) report(accept, 'duplicate-option', `\`${s.key}${s.name !== undefined ? ` "${s.name}"` : ''}\` is given more than once`, { node: s, property: 'key' });
            seen.add(key);
        }
        if (!connector.settings.some(s => s.key === 'baseUrl')) {
            report(accept, 'missing-setting', `An http connector needs a \`baseUrl\``, { node: connector, property: 'name' });
        }
    }

    checkEventType(node: EmitNode | WaitNode | ListenAlternative | Trigger, accept: ValidationAcceptor): void {
        if (node.eventType !== undefined && node.eventType.trim() === '') {
            report(accept, 'invalid-value', 'An event type cannot be empty: write one like "order.created"', { node, property: 'eventType' });
        }
    }

    checkTrigger(trigger: Trigger, accept: ValidationAcceptor): void {
        this.checkEventType(trigger, accept);
        if (trigger.kind === 'webhook' && trigger.path !== undefined && !trigger.path.startsWith('/')) {
            report(accept, 'invalid-value', `A webhook path starts with '/', like "/orders"`, { node: trigger, property: 'path' });
        }
        if (trigger.kind === 'schedule' && trigger.cron !== undefined) {
            const problem = cronProblem(trigger.cron, trigger.timeZone);
            if (problem) report(accept, 'invalid-schedule', problem.message, { node: trigger as AstNode, property: problem.property });
        }
    }
}

/** Why a cron text or time zone is not usable, if it is not. */
export function cronProblem(cron: string, timeZone?: string): { message: string; property: 'cron' | 'timeZone' } | undefined {
    if (timeZone !== undefined) {
        try {
            new Intl.DateTimeFormat('en', { timeZone });
        } catch {
            return { message: `Unknown time zone '${timeZone}': use an IANA name like "Europe/Paris"`, property: 'timeZone' };
        }
    }
    try {
        new Cron(cron, { paused: true, ...(timeZone ? { timezone: timeZone } : {}) }).stop();
        return undefined;
    } catch (error) {
        return { message: `Invalid cron schedule "${cron}": ${(error as Error).message.replace(/^CronPattern: /, '')}`, property: 'cron' };
    }
}

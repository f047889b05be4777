// CLI — the crash tests' hook: with WEFT_TEST_MODE=1 and WEFT_TEST_CRASH_AT=before:N or after:N
// the process kills itself with SIGKILL when the N-th journal append is requested (before) or
// has become durable (after). Without both variables the store is returned untouched.
import type { RunStore } from '../runtime/store/run-store.js';

/** Parsed `WEFT_TEST_CRASH_AT`, or undefined outside test mode. */
export function crashPoint(env: NodeJS.ProcessEnv = process.env): { when: 'before' | 'after'; append: number } | undefined {
    if (env.WEFT_TEST_MODE !== '1' || !env.WEFT_TEST_CRASH_AT) return undefined;
    const m = /^(before|after):(\d+)$/.exec(env.WEFT_TEST_CRASH_AT);
    if (!m) return undefined;
    return { when: m[1] as 'before' | 'after', append: Number(m[2]) };
}

function die(): never {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable: SIGKILL did not stop the process');
}

export function crashHookStore(store: RunStore): RunStore {
    const point = crashPoint();
    if (!point) return store;
    let appends = 0;
    /** Counts an append as requested (dying if it is the chosen one, `before`); its number. */
    const requested = (): number => {
        const n = ++appends;
        if (point.when === 'before' && n === point.append) die();
        return n;
    };
    /** Append `n` is durable: dies if it is the chosen one (`after`). */
    const durable = (n: number): void => {
        if (point.when === 'after' && n === point.append) die();
    };
    const append = store.append.bind(store);
    store.append = async (runId, events) => {
        const n = requested();
        await append(runId, events);
        durable(n);
    };
    const appendSync = store.appendSync?.bind(store);
    if (appendSync) {
        store.appendSync = (runId, events) => {
            const n = requested();
            appendSync(runId, events);
            durable(n);
        };
    }
    // The engine's chain path commits through the store's step appender when it has one: take
    // it away, so those commits go through the hooked `appendSync` (`SyncStepAppender`) and count.
    if (store.stepAppender) store.stepAppender = undefined;
    const appendThen = store.appendThen?.bind(store);
    if (appendThen) {
        store.appendThen = (runId, events, done) => {
            const n = requested();
            appendThen(runId, events, (err) => {
                if (!err) durable(n);
                done(err);
            });
        };
    }
    return store;
}

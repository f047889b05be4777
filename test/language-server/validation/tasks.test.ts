// Specification of task-level diagnostics: compensate-not-task, retry-exceeds-timeout and
// retry values, duplicate and misplaced options, limits, missing settings, connector actions
// and schedules.
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

describe('task diagnostics', () => {
    describe('compensate-not-task', () => {
        it('reports a compensation that is not a task, on its name', async () => {
            await expectDiagnostic('workflow W { set undo { }\n task a: script "a.js" { compensate «undo» }\n start -> a -> end }', 'compensate-not-task', /The compensation 'undo' is a set, not a task/);
        });

        it('reports a task compensating itself', async () => {
            await expectDiagnostic('workflow W { task a: script "a.js" { compensate «a» }\n start -> a -> end }', 'compensate-not-task', /cannot compensate itself/);
        });
    });

    describe('retry-exceeds-timeout', () => {
        const CALLEE = 'workflow Pay { task charge: http POST "https://x.test" { retry 5 times every 1s backoff 2 max 30s }\n start -> charge -> end }\n';

        it('warns when the retry delays of a callee node outlast the caller timeout around it', async () => {
            await expectDiagnostic(`${CALLEE}workflow W { task p: workflow Pay { timeout «10s» }\n start -> p -> end }`, 'retry-exceeds-timeout',
                /Node 'charge' of workflow 'Pay' can spend 31s waiting between retries alone, longer than this 10s timeout around it/, { severity: 'warning' });
        });

        it('accepts a caller timeout longer than the retry budget, and the per-attempt timeout of LANGUAGE.md', async () => {
            await expectNoDiagnostic(`${CALLEE}workflow W { task p: workflow Pay { timeout 1m }\n task c: http POST "https://x.test" { timeout 10s retry 5 times every 1s backoff 2 max 30s }\n start -> p -> c -> end }`);
        });

        it('reports a backoff below 1 and a max below the first delay', async () => {
            await expectDiagnostic('workflow W { task c: http GET "https://x.test" { retry 3 times every 5s backoff «0.5» } }', 'invalid-value', /`backoff` multiplies each delay and must be at least 1/);
            await expectDiagnostic('workflow W { task c: http GET "https://x.test" { retry 3 times every 5s max «1s» } }', 'invalid-value', /`max 1s` is shorter than the first delay/);
        });
    });

    describe('options and settings', () => {
        it('reports an option given twice', async () => {
            await expectDiagnostic('workflow W { task c: http GET "https://x.test" { timeout 1s\n «timeout 2s» } }', 'duplicate-option', /`timeout` is given more than once in 'c'/);
        });

        it('reports body on a script task', async () => {
            await expectDiagnostic('workflow W { task s: script "s.js" { «body» { a: 1 } } }', 'invalid-option', /`body` belongs to `http` tasks/);
        });

        it('reports limits of the wrong unit and unknown limits', async () => {
            await expectDiagnostic('workflow W { task s: script "s.js" { limits { memory «2s» } } }', 'invalid-value', /`memory` needs a size like 64MB, got a duration/);
            await expectDiagnostic('workflow W { task s: script "s.js" { limits { «memroy» 64MB } } }', 'invalid-option', /Unknown limit 'memroy'\. Did you mean 'memory'\?/);
        });

        it('reports an ai without a prompt and an approval without ask', async () => {
            await expectDiagnostic('workflow W { ai «c» { model "m" } }', 'missing-setting', /An ai node needs `prompt`/);
            await expectDiagnostic('workflow W { approval «a» { assignee "x" } }', 'missing-setting', /An approval needs `ask`/);
        });

        it('reports an http connector action that does not exist', async () => {
            await expectDiagnostic('connector api: http { baseUrl "https://x.test" }\nworkflow W { task t: api.«pots»("/a") }', 'unknown-connector-action', /An http connector has no action 'pots'\. Did you mean 'post'\?/);
        });

        it('reports an invalid cron and time zone', async () => {
            await expectDiagnostic('workflow W { trigger schedule «"0 25 * * *"» }', 'invalid-schedule', /Invalid cron schedule "0 25 \* \* \*"/);
            await expectDiagnostic('workflow W { trigger schedule "0 9 * * 1-5" tz «"Mars/Olympus"» }', 'invalid-schedule', /Unknown time zone 'Mars\/Olympus'/);
        });

        it('reports `unless` for an error the node never raises', async () => {
            await expectDiagnostic('workflow W { approval a { ask "ok?" retry 2 times unless «Declined» } }', 'impossible-error-route', /'a' is an approval and never raises Declined: `unless Declined` has no effect/);
        });

        it('reports an empty event type', async () => {
            await expectDiagnostic('workflow W { emit e «""» }', 'invalid-value', /An event type cannot be empty/);
        });

        it('reports an http connector path that is not text', async () => {
            await expectDiagnostic('connector api: http { baseUrl "https://x.test" }\nworkflow W { task t: api.get(«42») }', 'type-mismatch', /The path of an http connector action must be string, got number/);
        });

        it('accepts well-formed options', async () => {
            await expectNoDiagnostic(`connector api: http { baseUrl "https://x.test" header "Accept" = "json" }
            workflow W {
                trigger schedule "0 9 * * 1-5" tz "Europe/Paris"
                trigger webhook POST "/hook"
                task a: api.post("/charges") { with { amount: 1 } timeout 5s retry 2 times every 1s limits { concurrency 2 } }
                task s: script "s.js" { limits { memory 64MB, cpu 2s } }
                start -> a -> s -> end
            }`);
        });
    });
});

// Specification of the control-flow checks: unreachable-node and no-path-to-end (warnings),
// join-never-fires, join-count-exceeds-arrivals, missing-otherwise (warning), invalid-edge and
// impossible-error-route, each on the node name or the edge guard concerned.
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

describe('graph diagnostics', () => {
    it('warns about a node no edge reaches', async () => {
        await expectDiagnostic('workflow W { set a { }\n set «lost» { }\n start -> a -> end }', 'unreachable-node', /Node 'lost' is never reached/, { severity: 'warning' });
    });

    it('does not call a compensation target unreachable', async () => {
        await expectNoDiagnostic('workflow W { task a: script "a.js" { compensate undo }\n task undo: script "u.js"\n start -> a -> end }');
    });

    it('warns about a node with no path to end', async () => {
        await expectDiagnostic('workflow W { set a { }\n set «b» { }\n start -> a -> end\n a -> b }', 'no-path-to-end', /No path leads from 'b' to end/, { severity: 'warning' });
    });

    it('counts a fail or terminate node as a deliberate end', async () => {
        await expectNoDiagnostic('workflow W { task a: script "a.js"\n fail f "no"\n start -> a -> end\n a -> f on error }');
    });

    it('reports a join no edge leads to', async () => {
        await expectDiagnostic('workflow W { join «j»\n j -> end\n start -> end }', 'join-never-fires', /Join 'j' can never fire: no edge leads to it/);
    });

    it('reports a join count above the arrivals that can come', async () => {
        await expectDiagnostic('workflow W { set a { }\n set b { }\n join j «3»\n start -> [a, b] -> j -> end }', 'join-count-exceeds-arrivals', /waits for 3 arrivals but at most 2 can arrive/);
    });

    it('counts the alternatives of a choice once', async () => {
        await expectDiagnostic('workflow W { input x: boolean\n set a { }\n join j «2»\n start -> a\n a -> j when x\n a -> j otherwise\n j -> end }', 'join-count-exceeds-arrivals', /at most 1 can arrive \(2 edges lead to it, some of them alternatives\)/);
    });

    it('accepts a join after a parallel split', async () => {
        await expectNoDiagnostic('workflow W { set a { }\n set b { }\n join j 2\n join k\n start -> [a, b] -> j -> end\n [a, b] -> k -> end }');
    });

    it('warns about guarded edges without otherwise, on the last guard', async () => {
        await expectDiagnostic('workflow W { input x: number\n set a { }\n start -> a\n a -> end when x > 1\n a -> end «when x < 0» }', 'missing-otherwise', /'a' has guarded edges but no `otherwise`/, { severity: 'warning' });
    });

    it('accepts guarded edges with otherwise', async () => {
        await expectNoDiagnostic('workflow W { input x: number\n set a { }\n start -> a\n a -> end when x > 1\n a -> end otherwise }', 'missing-otherwise');
    });

    it('reports edges out of end and fail, and into start', async () => {
        await expectDiagnostic('workflow W { set a { }\n start -> a -> end\n «end» -> a }', 'invalid-edge', /'end' has no out-edges/);
        await expectDiagnostic('workflow W { fail f "x"\n set a { }\n start -> f\n «f» -> a }', 'invalid-edge', /'f' ends the run \(fail\)/);
        await expectDiagnostic('workflow W { set a { }\n start -> a -> end\n a -> «start» }', 'invalid-edge', /Nothing can lead back to 'start'/);
    });

    describe('impossible-error-route', () => {
        it('reports on timeout from a wait without a timeout', async () => {
            await expectDiagnostic('workflow W { wait e for event "a.b"\n start -> e -> end\n e -> end «on timeout» }', 'impossible-error-route', /'e' can never time out \(an event wait without a timeout\): give it a `timeout`/);
        });

        it('reports a named error an approval cannot raise', async () => {
            await expectDiagnostic('workflow W { approval a { ask "ok?" timeout 1d }\n start -> a -> end\n a -> end «on PaymentDeclined» }', 'impossible-error-route', /'a' is an approval and never raises PaymentDeclined: it can raise only ExpressionError and Timeout/);
        });

        it('reports on error after a fork', async () => {
            await expectDiagnostic('workflow W { fork f\n start -> f -> end\n f -> end «on error» }', 'impossible-error-route', /'f' is a fork and cannot fail/);
        });

        it('reports a listen route for an event it does not listen for', async () => {
            await expectDiagnostic('workflow W { listen l { "a.done", "a.failed" }\n start -> l\n l -> end on "a.done"\n l -> end «on "a.gone"» }', 'impossible-error-route', /Listen 'l' never receives "a\.gone" \(it listens for "a\.done", "a\.failed"\)/);
        });

        it('accepts error routes tasks can take', async () => {
            await expectNoDiagnostic(`workflow W {
                task h: http POST "https://x.test"
                task s: script "s.js" { timeout 5s }
                approval a { ask "ok?" timeout 1d }
                listen l { "a.done", timeout 1h }
                fail f "failed"
                start -> h -> s -> a -> l -> end
                h -> f on PaymentDeclined
                s -> f on timeout
                a -> f on timeout
                l -> end on "a.done"
                l -> f on timeout
            }`);
        });
    });
});

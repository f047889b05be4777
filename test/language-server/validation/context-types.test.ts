// Specification of the types places expect: guards and filters are boolean, `wait for` takes
// a duration, `set` values fit their targets, defaults and initial values fit declared types,
// AI settings and HTTP parts have their types.
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

describe('types expected by context', () => {
    it('reports a guard that is not boolean', async () => {
        await expectDiagnostic('workflow W { set a { }\n set b { }\n start -> a\n a -> b when «"yes"»\n a -> end otherwise\n b -> end }', 'type-mismatch', /A `when` guard must be boolean, got "yes"/);
    });

    it('reports a where filter that is not boolean', async () => {
        await expectDiagnostic('workflow W { trigger event "a.b" where «event.id» }', 'type-mismatch', /A `where` filter must be boolean, got string/);
    });

    it('reports wait for with a number instead of a duration', async () => {
        await expectDiagnostic('workflow W { wait t for «5» }', 'type-mismatch', /`wait for` needs a duration \(like 10m\); it must be duration, got number/);
    });

    it('reports set of a value that does not fit the output', async () => {
        await expectDiagnostic('workflow W { output n: number\n task t: http GET "https://x.test" { set n = «result.headers» } }', 'type-mismatch', /The value set to 'n' must be number, got map<string>/);
    });

    it('reports an input default and a var initial value of the wrong type', async () => {
        await expectDiagnostic('workflow W { input n: number = «"x"» }', 'type-mismatch', /The default of input 'n' must be number, got "x"/);
        await expectDiagnostic('type R { level: "low" | "high" }\nworkflow W { var r: R = { level: «"mid"» } }', 'type-mismatch', /Field 'level' of the initial value of var 'r' must be "low" \| "high", got "mid"/);
    });

    it('reports an AI temperature that is not a number', async () => {
        await expectDiagnostic('workflow W { ai c { model "m" prompt "p" temperature «"hot"» } }', 'type-mismatch', /`temperature` must be number, got "hot"/);
    });

    it('reports HTTP headers that are not a map of text', async () => {
        await expectDiagnostic('workflow W { task t: http GET "https://x.test" { headers «{ a: [1] }» } }', 'type-mismatch', /`headers` must be map<\(string \| number \| boolean\)\?>/);
    });

    it('accepts values that fit', async () => {
        await expectNoDiagnostic(`workflow W {
            input n: number = 1
            output s: number
            var l: list<string> = ["a"]
            trigger event "a.b" where event.data.ok == true
            wait t for 5m
            wait u until now() + 1h
            ai c { model "m" prompt "p \${n}" temperature 0.2 maxTokens 100 }
            task h: http GET "https://x.test" { headers { accept: "json" } query { limit: 10 } set s = result.status }
            start -> t -> u -> c -> h -> end
        }`);
    });
});

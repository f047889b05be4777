// Specification of type errors inside expressions: operators, comparisons that can never hold,
// unknown members and functions, standard-library arguments, indexes, env() and connectors
// used as values. Each at the offending sub-expression.
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

const TYPES = 'type Item { sku: string, qty: number }\ntype Order { id: string, total: number, items: list<Item> }\ntype Risk { level: "low" | "high" }\n';

describe('expression diagnostics', () => {
    describe('type-mismatch in operators', () => {
        it('reports arithmetic on a boolean, over the whole operation', async () => {
            await expectDiagnostic('workflow W { var x = «true * 2» }', 'type-mismatch', /Operator '\*' cannot be applied to boolean and number/);
        });

        it('reports a non-boolean operand of and/or on that operand', async () => {
            await expectDiagnostic('workflow W { var x = true and «3» }', 'type-mismatch', /'and' needs boolean operands, got number/);
        });

        it('reports a comparison with a literal that is not in the union', async () => {
            await expectDiagnostic(`${TYPES}workflow W { input r: Risk\n var x = «r.level == "mid"» }`, 'type-mismatch', /always false: "mid" is not one of "low" \| "high"/);
        });

        it('reports comparing a number with a string', async () => {
            await expectDiagnostic('workflow W { var x = «1 == "1"» }', 'type-mismatch', /always false/);
        });

        it('accepts well-typed arithmetic, string concatenation, durations and comparisons', async () => {
            await expectNoDiagnostic(`${TYPES}workflow W { input o: Order\n input r: Risk
                var a = o.total * 2 + 1
                var b = "id " + o.id
                var c = now() + 5m
                var d = r.level == "high" and o.total > 10 or not true
                var e = o.items.map(i => i.qty).sum() > 3 }`);
        });
    });

    describe('unknown-member', () => {
        it('reports a misspelt field with a suggestion, on the member name', async () => {
            await expectDiagnostic(`${TYPES}workflow W { input o: Order\n var x = o.«totl» }`, 'unknown-member', /Order has no member 'totl'\. Did you mean 'total'\?/);
        });

        it('explains a field read on a list', async () => {
            await expectDiagnostic(`${TYPES}workflow W { input o: Order\n var x = o.items.«qty» }`, 'unknown-member', /It is a list: read one item with \[0\], or all of them with \.map\(x => x\.qty\)/);
        });

        it('reports a field the node result does not have', async () => {
            await expectDiagnostic('workflow W { task h: http GET "https://x.test"\n var x = h.«statuss» }', 'unknown-member', /has no member 'statuss'\. Did you mean 'status'\?/);
        });

        it('accepts any member of any and of a map', async () => {
            await expectNoDiagnostic('workflow W { input a: any\n input m: map<number>\n var x = a.whatever.deep\n var y = m.key + 1 }', 'unknown-member');
        });
    });

    describe('unknown-function and argument-count', () => {
        it('reports an unknown function with a suggestion', async () => {
            await expectDiagnostic('workflow W { var x = «uper»("a") }', 'unknown-function', /Unknown function 'uper'\. Did you mean 'upper'\?/);
        });

        it('reports an unknown method', async () => {
            await expectDiagnostic('workflow W { var x = [1].«summ»() }', 'unknown-function', /Unknown function 'summ'\. Did you mean 'sum'\?/);
        });

        it('reports a wrong number of arguments on the function name', async () => {
            await expectDiagnostic('workflow W { var x = «upper»("a", "b") }', 'argument-count', /takes 1 argument, got 2/);
        });

        it('reports an argument of the wrong type on that argument', async () => {
            await expectDiagnostic('workflow W { var x = upper(«42») }', 'type-mismatch', /Argument 's' of upper must be string, got number/);
        });

        it('accepts calls that fit their signatures', async () => {
            await expectNoDiagnostic('workflow W { var x = len("abc") + round(2.5) + [3, 1].sort().first()\n var y = split("a,b", ",").join("-") }');
        });
    });

    describe('indexes, env() and connectors', () => {
        it('reports a string index into a list', async () => {
            await expectDiagnostic('workflow W { var x = [1, 2][«"a"»] }', 'type-mismatch', /A list index must be a number, got "a"/);
        });

        it('reports indexing a number', async () => {
            await expectDiagnostic('workflow W { var n = 3\n var x = «n»[0] }', 'type-mismatch', /number cannot be indexed/);
        });

        it('reports env() outside a secret declaration', async () => {
            await expectDiagnostic('workflow W { var x = «env»("HOME") }', 'invalid-secret', /env\(\) reads a secret/);
        });

        it('reports a connector used as a value', async () => {
            await expectDiagnostic('connector api: http { baseUrl "https://x.test" }\nworkflow W { var x = «api» }', 'type-mismatch', /'api' is a connector, not a value/);
        });
    });
});

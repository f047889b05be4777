// Specification of secret diagnostics: invalid-secret for anything but env("NAME"), and
// secret-leak where a secret would leave the masked runtime (prompt, URL, failure message,
// set target, sub-workflow input), on the secret reference itself.
import { expectDiagnostic, expectNoDiagnostic } from './validation-test-support.js';

describe('secret diagnostics', () => {
    it('reports a secret not read with env("NAME")', async () => {
        await expectDiagnostic('workflow W { secret key = «"hunter2"» }', 'invalid-secret', /write `secret key = env\("NAME"\)`/);
    });

    it('reports a secret interpolated into an AI prompt', async () => {
        await expectDiagnostic('workflow W { secret key = env("K")\n ai c { model "m" prompt "use ${«key»}" } }', 'secret-leak', /Secret 'key' would leak into an AI prompt/);
    });

    it('reports a secret in a URL', async () => {
        await expectDiagnostic('workflow W { secret key = env("K")\n task t: http GET "https://x.test/?k=${«key»}" }', 'secret-leak', /would leak into a URL/);
    });

    it('reports a secret in a failure message and in a set', async () => {
        await expectDiagnostic('workflow W { secret key = env("K")\n fail f "bad ${«key»}" }', 'secret-leak', /failure message/);
        await expectDiagnostic('workflow W { secret key = env("K")\n var v: string = ""\n set s { v = upper(«key») } }', 'secret-leak', /would leak into 'v'/);
    });

    it('accepts secrets in headers, connector headers and script inputs', async () => {
        await expectNoDiagnostic(`connector api: http { baseUrl "https://x.test" header "Authorization" = "Bearer \${token}" }
            workflow W {
                secret key = env("K")
                task t: http GET "https://x.test" { headers { authorization: "Bearer \${key}" } }
                task s: script "s.js" { with { key: key } }
                start -> t -> s -> end
            }`, 'secret-leak');
    });
});

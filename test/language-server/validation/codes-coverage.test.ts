// Every diagnostic code is documented in docs/diagnostics.md and triggered by at least one
// `expectDiagnostic(…, 'code', …)` in this folder's specifications, so a new code cannot land
// without a test and a line of documentation.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { WEFT_CODES } from '../../../language-server/validation/diagnostic-codes.js';
import { fromRoot } from '../../support/paths.js';

const folder = fromRoot('test', 'language-server', 'validation');
const specs = readdirSync(folder).filter(f => f.endsWith('.test.ts')).map(f => readFileSync(`${folder}/${f}`, 'utf8')).join('\n');
const docs = readFileSync(fromRoot('docs', 'diagnostics.md'), 'utf8');

describe('diagnostic codes', () => {
    for (const code of Object.keys(WEFT_CODES)) {
        it(`'${code}' is triggered by a specification and documented`, () => {
            assert.match(specs, new RegExp(`expectDiagnostic\\([\\s\\S]{0,400}?'${code}'`), `no expectDiagnostic for ${code}`);
            assert.ok(docs.includes(`\`${code}\``), `docs/diagnostics.md does not list ${code}`);
        });
    }
});

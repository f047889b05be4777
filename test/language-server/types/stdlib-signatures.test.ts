// Specification of the stdlib adapter: every entry of the runtime's table has a readable
// signature, generic ones keep their type variables, and `env` is known but secret-only.
import assert from 'node:assert/strict';
import { STDLIB } from '../../../runtime/expressions/stdlib/index.js';
import { findStdlibSignature, parseSignatureType, stdlibSignatures } from '../../../language-server/types/stdlib-signatures.js';

describe('stdlib signatures adapter', () => {
    it('adapts every function of the runtime table', () => {
        const names = stdlibSignatures().map(s => s.name);
        for (const fn of STDLIB) assert.ok(names.includes(fn.name), fn.name);
    });

    it('parses generic list and lambda types', () => {
        assert.deepEqual(parseSignatureType('list<T>'), { kind: 'list', of: { kind: 'var', name: 'T' } });
        assert.deepEqual(parseSignatureType('(item: T) => boolean'), {
            kind: 'function', params: [{ name: 'item', type: { kind: 'var', name: 'T' } }], returns: { kind: 'boolean' },
        });
        assert.deepEqual(parseSignatureType('list|string'), { kind: 'union', options: [{ kind: 'list', of: { kind: 'any' } }, { kind: 'string' }] });
    });

    it('knows env only for secrets', () => {
        assert.equal(findStdlibSignature('env')?.secretOnly, true);
        assert.equal(findStdlibSignature('len')?.secretOnly, undefined);
    });
});

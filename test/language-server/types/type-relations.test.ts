// Specification of assignability and printing over IR TypeRefs: structural objects, optional
// fields, unions of string literals, `any`, named types, durations into numbers.
import assert from 'node:assert/strict';
import type { TypeRef } from '../../../runtime/ir/type-ref.js';
import { ANY, BOOLEAN, DURATION, field, listOf, literal, mapOf, NULL, NUMBER, objectOf, optional, STRING } from '../../../language-server/types/type-constructors.js';
import { printType } from '../../../language-server/types/type-printer.js';
import { explainMismatch, isAssignable, isProvenAssignable, NO_NAMED_TYPES, unionOf } from '../../../language-server/types/type-relations.js';

const ok = (s: TypeRef, t: TypeRef) => isAssignable(s, t, NO_NAMED_TYPES);
const levels: TypeRef = { kind: 'union', options: [literal('low'), literal('high')] };

describe('type relations', () => {
    it('prints types as they are written in Weft', () => {
        assert.equal(printType(listOf({ kind: 'named', name: 'Item' })), 'list<Item>');
        assert.equal(printType(levels), '"low" | "high"');
        assert.equal(printType(optional(STRING)), 'string?');
        assert.equal(printType(optional(levels)), '("low" | "high")?');
        assert.equal(printType(objectOf(field('id', STRING), field('note', STRING, true))), '{ id: string, note: string? }');
    });

    it('accepts anything into any and any into anything', () => {
        assert.ok(ok(NUMBER, ANY));
        assert.ok(ok(ANY, listOf(NUMBER)));
    });

    it('accepts a literal into string and into a union that lists it, not into one that does not', () => {
        assert.ok(ok(literal('low'), STRING));
        assert.ok(ok(literal('low'), levels));
        assert.ok(!ok(literal('mid'), levels));
        assert.equal(explainMismatch(literal('mid'), levels, NO_NAMED_TYPES), '"mid" is not one of "low" | "high"');
        assert.ok(!ok(STRING, levels));
    });

    it('checks objects structurally: missing required fields fail, optional ones may be absent, extra ones are fine', () => {
        const target = objectOf(field('id', STRING), field('note', STRING, true));
        assert.ok(ok(objectOf(field('id', literal('x')), field('extra', NUMBER)), target));
        assert.equal(explainMismatch(objectOf(field('note', STRING)), target, NO_NAMED_TYPES), "field 'id' is missing");
        assert.ok(!ok(objectOf(field('id', NUMBER)), target));
    });

    it('accepts null only where the type is optional', () => {
        assert.ok(ok(NULL, optional(STRING)));
        assert.ok(!ok(NULL, STRING));
    });

    it('lets durations into numbers but not numbers into durations', () => {
        assert.ok(ok(DURATION, NUMBER));
        assert.ok(!ok(NUMBER, DURATION));
    });

    it('checks list items and map values', () => {
        assert.ok(ok(listOf(literal('a')), listOf(STRING)));
        assert.ok(!ok(listOf(NUMBER), listOf(STRING)));
        assert.ok(ok(objectOf(field('a', STRING)), mapOf(STRING)));
        assert.ok(!ok(objectOf(field('a', BOOLEAN)), mapOf(STRING)));
    });

    it('expands named types through the resolver, recursive ones included', () => {
        const node: TypeRef = { kind: 'named', name: 'Node' };
        const definition = objectOf(field('next', node, true), field('v', NUMBER));
        const resolver = { expandNamed: () => definition };
        assert.ok(isAssignable(objectOf(field('v', NUMBER)), node, resolver));
        assert.ok(!isAssignable(objectOf(field('v', STRING)), node, resolver));
    });

    it('proves an assignment only without `any` or a nested `T?` into `T` (those the runtime checks)', () => {
        const proven = (s: TypeRef, t: TypeRef) => isProvenAssignable(s, t, NO_NAMED_TYPES);
        assert.ok(proven(NUMBER, NUMBER) && proven(DURATION, NUMBER) && proven(literal('low'), levels));
        assert.ok(proven(ANY, ANY) && proven(listOf(ANY), ANY) && proven(NULL, optional(STRING)));
        assert.ok(proven(objectOf(field('id', STRING), field('extra', ANY)), objectOf(field('id', STRING))));
        assert.ok(!proven(ANY, NUMBER));
        assert.ok(!proven(listOf(ANY), listOf(NUMBER)));
        // A null at the top is taken (an unset output is null); one inside a value is not.
        assert.ok(proven(optional(NUMBER), NUMBER) && proven(NULL, NUMBER));
        assert.ok(!proven(listOf(optional(NUMBER)), listOf(NUMBER)));
        assert.ok(!proven(objectOf(field('id', STRING, true)), objectOf(field('id', STRING))));
        assert.ok(!proven(mapOf(ANY), objectOf(field('id', STRING))));
        // Unknown named types expand to `any`: not proven.
        assert.ok(!proven({ kind: 'named', name: 'Gone' }, STRING));
        assert.ok(!proven(NUMBER, DURATION));
    });

    it('simplifies unions: duplicates, null as optional, any absorbing', () => {
        assert.equal(printType(unionOf([NUMBER, NUMBER])), 'number');
        assert.equal(printType(unionOf([STRING, NULL])), 'string?');
        assert.equal(printType(unionOf([STRING, ANY])), 'any');
        assert.equal(printType(unionOf([literal('a'), STRING])), 'string');
    });
});

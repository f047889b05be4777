// Builders for the IR `TypeRef` (runtime/ir/type-ref.ts), which the language server uses as its
// one type representation, and the well-known result shapes of nodes (HTTP response, approval,
// CloudEvent, trigger). Plain data only: no AST, no Langium.
import type { FieldType, TypeRef } from '../../runtime/ir/type-ref.js';

export const STRING: TypeRef = { kind: 'string' };
export const NUMBER: TypeRef = { kind: 'number' };
export const BOOLEAN: TypeRef = { kind: 'boolean' };
export const DURATION: TypeRef = { kind: 'duration' };
export const SIZE: TypeRef = { kind: 'size' };
export const ANY: TypeRef = { kind: 'any' };
export const NULL: TypeRef = { kind: 'null' };

export function listOf(of: TypeRef): TypeRef {
    return { kind: 'list', of };
}

export function mapOf(of: TypeRef): TypeRef {
    return { kind: 'map', of };
}

export function literal(value: string): TypeRef {
    return { kind: 'literal', value };
}

/** `T?`; optional of optional, `any` and `null` stay as they are. */
export function optional(of: TypeRef): TypeRef {
    if (of.kind === 'optional' || of.kind === 'any' || of.kind === 'null') return of;
    return { kind: 'optional', of };
}

export function field(name: string, type: TypeRef, isOptional = false, doc?: string): FieldType {
    return doc ? { name, type, optional: isOptional, doc } : { name, type, optional: isOptional };
}

export function objectOf(...fields: FieldType[]): TypeRef {
    return { kind: 'object', fields };
}

/** The result of an `http` task or an http connector action: `{ status, headers, body }`. */
export const HTTP_RESPONSE: TypeRef = objectOf(
    field('status', NUMBER, false, 'The HTTP status code.'),
    field('headers', mapOf(STRING), false, 'Response headers, lower-case names.'),
    field('body', ANY, false, 'The response body: parsed JSON, or text.'),
);

/** The result of an `approval` node. */
export const APPROVAL_RESULT: TypeRef = objectOf(
    field('approved', BOOLEAN, false, 'Whether the person approved.'),
    field('by', STRING, false, 'Who decided.'),
    field('comment', STRING, true, 'What they wrote, if anything.'),
);

/** An event in the CloudEvents shape: what `wait … for event`, `listen` and `event` give. */
export const CLOUD_EVENT: TypeRef = objectOf(
    field('id', STRING, false, 'The event id.'),
    field('type', STRING, false, 'The event type, e.g. "order.created".'),
    field('source', STRING, false, 'Where the event comes from.'),
    field('time', STRING, false, 'When it happened (ISO 8601).'),
    field('data', ANY, false, 'The event payload.'),
);

/** `trigger`: how the run started (RunTrigger in runtime/journal). */
export const TRIGGER: TypeRef = objectOf(
    field('kind', { kind: 'union', options: ['manual', 'webhook', 'schedule', 'event', 'subworkflow'].map(literal) }, false, 'How the run started.'),
    field('event', CLOUD_EVENT, true, 'The event that started the run (event triggers), else null.'),
    field('method', STRING, true, 'The webhook method (webhook triggers).'),
    field('path', STRING, true, 'The webhook path (webhook triggers).'),
    field('headers', mapOf(STRING), true, "The webhook request's headers, by lower-case name (webhook triggers), e.g. trigger.headers[\"x-github-event\"]. Credentials, signatures and anything named like a token, key or secret are left out."),
    field('cron', STRING, true, 'The schedule (schedule triggers).'),
);

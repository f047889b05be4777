// Test support for the type system: parses inline Weft text with the real services and finds
// the expressions to ask about (`var probe = …`), so specs read as source plus expected type.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import type { LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import type { Expression, Model, VarDeclaration, Workflow } from '../../../language-server/generated/ast.js';
import { createWeftServices } from '../../../language-server/weft-module.js';

export const services = createWeftServices(EmptyFileSystem).Weft;
export const inferrer = services.types.TypeInferrer;
const parse = parseHelper<Model>(services);

export async function parseModel(text: string): Promise<LangiumDocument<Model>> {
    const document = await parse(text);
    const errors = [...document.parseResult.lexerErrors, ...document.parseResult.parserErrors].map(e => e.message);
    assert.deepEqual(errors, [], 'fixture must parse');
    return document;
}

export function workflowNamed(model: Model, name?: string): Workflow {
    const w = model.declarations.find((d): d is Workflow => d.$type === 'Workflow' && (name === undefined || d.name === name));
    assert.ok(w, `workflow ${name ?? ''} not found`);
    return w;
}

/** The initial expression of `var <name> = …` in the (first) workflow. */
export function varInitial(model: Model, name = 'probe'): Expression {
    const v = workflowNamed(model, 'W').members.find((m): m is VarDeclaration => m.$type === 'VarDeclaration' && m.name === name);
    assert.ok(v?.initial, `var ${name} not found`);
    return v.initial;
}

/** The printed type of `var probe = <expression>` given the rest of the workflow body and file prelude. */
export async function typeOf(expression: string, body = '', prelude = ''): Promise<string> {
    const document = await parseModel(`${prelude}\nworkflow W {\n${body}\nvar probe = ${expression}\n}`);
    return inferrer.printType(inferrer.inferType(varInitial(document.parseResult.value)));
}

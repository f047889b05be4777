// The type inferrer: the type (an IR `TypeRef`) of every Weft expression, declaration, type
// expression and node result, plus member lookup and call resolution against the standard
// library. Used by validation, completion, hover and inlay hints. Pure queries over the linked
// AST with results cached until the next document change; it reports no diagnostics itself.
import type { AstNode } from 'langium';
import { AstUtils, WorkspaceCache } from 'langium';
import type { FieldType, TypeRef } from '../../runtime/ir/type-ref.js';
import type {
    CallExpression, Expression, Lambda, LambdaParameter, MemberExpression, Node, ObjectTypeBody, TypeDeclaration,
    TypeExpression, Workflow,
} from '../generated/ast.js';
import {
    isConnector, isExpression, isForeachItem, isForeachNode, isInputDeclaration, isLambda, isLambdaParameter, isNode,
    isOutputDeclaration, isSecretDeclaration, isTypeDeclaration, isTypeField, isVarDeclaration,
} from '../generated/ast.js';
import { docOf } from '../lowering/source-ranges.js';
import { contextTarget } from '../scope/context-references.js';
import type { WeftServices } from '../weft-module.js';
import { binaryOperatorType, unaryOperatorType } from './operator-types.js';
import { bindVariables, hasUnboundVariable, instantiate } from './signature-binding.js';
import type { TypeBindings } from './signature-binding.js';
import type { StdlibSignature } from './stdlib-signatures.js';
import { findStdlibSignature, stdlibSignatures } from './stdlib-signatures.js';
import {
    ANY, APPROVAL_RESULT, BOOLEAN, CLOUD_EVENT, DURATION, HTTP_RESPONSE, listOf, literal, NULL, NUMBER, optional, SIZE, STRING, TRIGGER,
} from './type-constructors.js';
import type { MemberLookup } from './type-members.js';
import { lookupMember, membersOf } from './type-members.js';
import { printType } from './type-printer.js';
import type { NamedTypeResolver } from './type-relations.js';
import { elementType, expand, isAssignable, stripOptional, unionOf, widen } from './type-relations.js';

/** A problem found while resolving a call: wrong argument count or an argument of the wrong type. */
export interface CallProblem {
    /** The expression to underline: an argument, the receiver, or the call itself. */
    node: AstNode;
    message: string;
}

/** What a call `f(a, b)` or method call `x.f(a)` resolves to. */
export interface CallResolution {
    signature: StdlibSignature;
    /** The arguments in signature order (the receiver first for a method call). */
    args: Expression[];
    /** The expected type of each argument after binding type variables. */
    expected: TypeRef[];
    returns: TypeRef;
    problems: CallProblem[];
}

export interface WeftTypeInferrer {
    /** The type of an expression (`any` where nothing better is known). */
    inferType(expression: Expression | undefined): TypeRef;
    /**
     * The type of something a name denotes: an input, output, var, secret, node (its result),
     * lambda parameter, foreach item, type declaration or type field.
     */
    typeOfDeclaration(declaration: AstNode): TypeRef;
    /** The type a written type expression denotes (`list<Item>`, `"a" | "b"`). */
    typeOfTypeExpression(type: TypeExpression | undefined): TypeRef;
    /** The result type of a node (what `name` reads in expressions and `result` in its block). */
    resultTypeOf(node: Node): TypeRef;
    /** The outputs of a workflow as an object type (the result of `task n: workflow W`). */
    outputsOf(workflow: Workflow): TypeRef;
    /** The call a `CallExpression` or method-style `MemberExpression` resolves to, if it is a stdlib call. */
    resolveCall(call: CallExpression | MemberExpression): CallResolution | undefined;
    /** Named types expanded through their declarations (for the pure helpers in types/). */
    readonly resolver: NamedTypeResolver;
    /** The fields of a type (completion after `.`). */
    membersOf(type: TypeRef): FieldType[];
    /** What `type.name` denotes. */
    lookupMember(type: TypeRef, name: string): MemberLookup;
    /** Stdlib functions that can be called as methods on a value of `type` (completion after `.`). */
    methodsFor(type: TypeRef): StdlibSignature[];
    /** Where a field was declared (a type field, an output, an object literal entry), if known. */
    fieldDeclaration(field: FieldType): AstNode | undefined;
    /** The declaration a member access `a.b` reads, for go-to-definition and hover. */
    memberDeclaration(member: MemberExpression): AstNode | undefined;
    /** The declaration behind a named type. */
    namedTypeDeclaration(type: TypeRef): TypeDeclaration | undefined;
    isAssignable(source: TypeRef, target: TypeRef): boolean;
    printType(type: TypeRef): string;
}

export class DefaultWeftTypeInferrer implements WeftTypeInferrer {
    protected readonly expressionTypes: WorkspaceCache<AstNode, TypeRef>;
    protected readonly declarationTypes: WorkspaceCache<AstNode, TypeRef>;
    protected readonly calls: WorkspaceCache<AstNode, CallResolution | null>;
    protected readonly lambdaParameterTypes: WorkspaceCache<AstNode, TypeRef>;
    protected readonly inProgress = new Set<AstNode>();
    protected readonly callsInProgress = new Set<AstNode>();
    /** Named TypeRefs made by this inferrer -> their declaration (object identity). */
    protected readonly namedOrigins = new WeakMap<TypeRef, TypeDeclaration>();
    /** Fields made by this inferrer -> the AST node that declared them. */
    protected readonly fieldOrigins = new WeakMap<FieldType, AstNode>();
    readonly resolver: NamedTypeResolver;

    constructor(services: WeftServices) {
        this.expressionTypes = new WorkspaceCache(services.shared);
        this.declarationTypes = new WorkspaceCache(services.shared);
        this.calls = new WorkspaceCache(services.shared);
        this.lambdaParameterTypes = new WorkspaceCache(services.shared);
        this.resolver = {
            expandNamed: (type) => {
                const declaration = this.namedOrigins.get(type);
                return declaration ? this.typeOfDeclaration(declaration) : undefined;
            },
        };
    }

    // -----------------------------------------------------------------------------------------
    // Public helpers

    printType(type: TypeRef): string {
        return printType(type);
    }

    isAssignable(source: TypeRef, target: TypeRef): boolean {
        return isAssignable(source, target, this.resolver);
    }

    membersOf(type: TypeRef): FieldType[] {
        return membersOf(type, this.resolver);
    }

    lookupMember(type: TypeRef, name: string): MemberLookup {
        return lookupMember(type, name, this.resolver);
    }

    methodsFor(type: TypeRef): StdlibSignature[] {
        return stdlibSignatures().filter(sig => {
            if (sig.secretOnly || sig.params.length === 0) return false;
            const first = sig.params[0];
            const bindings: TypeBindings = new Map();
            bindVariables(first.type, type, bindings, this.resolver);
            return isAssignable(type, instantiate(first.type, bindings), this.resolver);
        });
    }

    fieldDeclaration(field: FieldType): AstNode | undefined {
        return this.fieldOrigins.get(field);
    }

    memberDeclaration(member: MemberExpression): AstNode | undefined {
        if (member.call) return undefined;
        const found = this.lookupMember(this.inferType(member.receiver), member.member);
        return found.kind === 'field' ? this.fieldDeclaration(found.field) : undefined;
    }

    namedTypeDeclaration(type: TypeRef): TypeDeclaration | undefined {
        return type.kind === 'named' ? this.namedOrigins.get(type) : undefined;
    }

    // -----------------------------------------------------------------------------------------
    // Type expressions and declarations

    typeOfTypeExpression(type: TypeExpression | undefined): TypeRef {
        if (!type) return ANY; // `list<` cut short by a syntax error (reported by the parser)
        return this.cached(this.declarationTypes, type, () => this.convertType(type));
    }

    protected convertType(type: TypeExpression): TypeRef {
        switch (type.$type) {
            case 'PrimitiveType': return { kind: type.name } as TypeRef;
            case 'LiteralType': return literal(type.value);
            case 'ListType': return listOf(this.typeOfTypeExpression(type.of));
            case 'MapType': return { kind: 'map', of: this.typeOfTypeExpression(type.of) };
            case 'OptionalType': return optional(this.typeOfTypeExpression(type.inner));
            case 'UnionType': return { kind: 'union', options: type.options.map(o => this.typeOfTypeExpression(o)) };
            case 'ObjectType': return this.convertObjectBody(type.body);
            case 'NamedType': {
                const declaration = type.type?.ref;
                if (!declaration) return ANY;
                const named: TypeRef = { kind: 'named', name: declaration.name };
                this.namedOrigins.set(named, declaration);
                return named;
            }
        }
        return ANY;
    }

    protected convertObjectBody(body: ObjectTypeBody | undefined): TypeRef {
        const fields: FieldType[] = (body?.fields ?? []).map(f => {
            const t = f.type ? this.typeOfTypeExpression(f.type) : ANY;
            const isOptional = t.kind === 'optional';
            const doc = docOf(f);
            const field: FieldType = { name: f.name, type: isOptional ? t.of : t, optional: isOptional, ...(doc ? { doc } : {}) };
            this.fieldOrigins.set(field, f);
            return field;
        });
        return { kind: 'object', fields };
    }

    typeOfDeclaration(declaration: AstNode): TypeRef {
        if (isLambdaParameter(declaration)) return this.lambdaParameterType(declaration);
        return this.cached(this.declarationTypes, declaration, () => this.computeDeclarationType(declaration));
    }

    protected computeDeclarationType(d: AstNode): TypeRef {
        if (isInputDeclaration(d) || isOutputDeclaration(d)) return d.type ? this.typeOfTypeExpression(d.type) : ANY;
        if (isVarDeclaration(d)) {
            if (d.type) return this.typeOfTypeExpression(d.type);
            return d.initial ? widen(this.inferType(d.initial)) : ANY;
        }
        if (isSecretDeclaration(d)) return STRING;
        if (isConnector(d)) return ANY;
        if (isLambdaParameter(d)) return this.lambdaParameterType(d);
        if (isForeachItem(d)) {
            const foreach = d.$container;
            return isForeachNode(foreach) && foreach.items ? elementType(this.inferType(foreach.items), this.resolver) ?? ANY : ANY;
        }
        if (isNode(d)) return this.resultTypeOf(d);
        if (isTypeDeclaration(d)) return d.body ? this.convertObjectBody(d.body) : d.alias ? this.typeOfTypeExpression(d.alias) : ANY;
        if (isTypeField(d)) return d.type ? this.typeOfTypeExpression(d.type) : ANY;
        return ANY;
    }

    protected lambdaParameterType(parameter: LambdaParameter): TypeRef {
        const known = this.lambdaParameterTypes.get(parameter);
        if (known) return known;
        // Resolving the call around the lambda binds its parameters.
        const lambda = parameter.$container;
        const call = isLambda(lambda) ? lambda.$container : undefined;
        if (call && (call.$type === 'CallExpression' || (call.$type === 'MemberExpression' && (call as MemberExpression).call))) {
            this.resolveCall(call as CallExpression | MemberExpression);
        }
        return this.lambdaParameterTypes.get(parameter) ?? ANY;
    }

    // -----------------------------------------------------------------------------------------
    // Node results

    resultTypeOf(node: Node): TypeRef {
        switch (node.$type) {
            case 'TaskNode': {
                const target = node.target;
                switch (target?.$type) {
                    case 'HttpTarget': return HTTP_RESPONSE;
                    case 'WorkflowTarget': {
                        const workflow = target.workflow?.ref;
                        return workflow ? this.outputsOf(workflow) : ANY;
                    }
                    case 'ConnectorTarget': return target.connector?.ref?.kind === 'http' ? HTTP_RESPONSE : ANY;
                    default: return ANY;
                }
            }
            case 'AiNode': {
                const returns = node.settings.find(s => s.key === 'returns')?.returns;
                return returns ? this.typeOfTypeExpression(returns) : STRING;
            }
            case 'ApprovalNode': return APPROVAL_RESULT;
            case 'WaitNode': return node.eventType !== undefined ? CLOUD_EVENT : NULL;
            case 'ListenNode': return CLOUD_EVENT;
            case 'EmitNode': return STRING;
            case 'JoinNode': return listOf(ANY);
            case 'ForeachNode': return listOf(ANY);
            case 'RegionNode': return ANY;
            default: return NULL;
        }
    }

    outputsOf(workflow: Workflow): TypeRef {
        return this.cached(this.declarationTypes, workflow, () => {
            const fields = workflow.members.filter(isOutputDeclaration).map(o => {
                const field: FieldType = { name: o.name, type: this.typeOfDeclaration(o), optional: false };
                const doc = docOf(o);
                if (doc) field.doc = doc;
                this.fieldOrigins.set(field, o);
                return field;
            });
            return { kind: 'object', fields };
        });
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    inferType(expression: Expression | undefined): TypeRef {
        // After a syntax error Langium leaves a mandatory operand unset (`a + ` with nothing after
        // it): the parser has reported that, and an unknown operand types as `any`.
        if (!expression) return ANY;
        const known = this.expressionTypes.get(expression);
        if (known) return known;
        // Inside a lambda, the call around it types the parameters: resolve it first.
        const call = this.callAroundLambdaOf(expression);
        if (call) {
            this.resolveCall(call);
            const now = this.expressionTypes.get(expression);
            if (now) return now;
        }
        this.inferOperandsFirst(expression);
        return this.expressionType(expression);
    }

    /** The stdlib call whose lambda argument holds `expression`, if any (nearest lambda only). */
    protected callAroundLambdaOf(expression: AstNode): CallExpression | MemberExpression | undefined {
        for (let node: AstNode | undefined = expression.$container; node; node = node.$container) {
            if (isLambda(node)) {
                const call = node.$container;
                if (call?.$type === 'CallExpression' || (call?.$type === 'MemberExpression' && (call as MemberExpression).call)) {
                    return this.calls.get(call) === undefined ? call as CallExpression | MemberExpression : undefined;
                }
                return undefined;
            }
            if (!isExpression(node)) return undefined;
        }
        return undefined;
    }

    /**
     * Infers the operands below `root` bottom-up with an explicit stack, so that a chain like
     * `1 + 1 + … + 1` thousands of operators long never recurses deeper than one level.
     */
    protected inferOperandsFirst(root: Expression): void {
        const stack: Expression[] = [];
        pushOperands(root, stack);
        if (stack.length === 0) return;
        const order: Expression[] = [];
        while (stack.length > 0) {
            const e = stack.pop()!;
            if (this.expressionTypes.get(e)) continue;
            order.push(e);
            pushOperands(e, stack);
        }
        for (let i = order.length - 1; i >= 0; i--) this.expressionType(order[i]);
    }

    /** `cached` for an expression's own type, without a closure per call (the most frequent query). */
    protected expressionType(e: Expression): TypeRef {
        const known = this.expressionTypes.get(e);
        if (known) return known;
        if (this.inProgress.has(e)) return ANY;
        this.inProgress.add(e);
        try {
            const type = this.computeType(e);
            this.expressionTypes.set(e, type);
            return type;
        } finally {
            this.inProgress.delete(e);
        }
    }

    protected computeType(e: Expression): TypeRef {
        switch (e.$type) {
            case 'NumberLiteral': return NUMBER;
            case 'DurationLiteral': return DURATION;
            case 'SizeLiteral': return SIZE;
            case 'BooleanLiteral': return BOOLEAN;
            case 'NullLiteral': return NULL;
            case 'StringLiteral': return literal(e.value);
            case 'TemplateLiteral': return STRING;
            case 'ReferenceExpression': {
                const target = e.target?.ref;
                return target ? this.typeOfDeclaration(target) : ANY;
            }
            case 'ContextExpression': {
                const target = contextTarget(e);
                if (!target) return ANY;
                if (e.keyword === 'event') return CLOUD_EVENT;
                if (e.keyword === 'trigger') return TRIGGER;
                return isNode(target) ? this.resultTypeOf(target) : ANY;
            }
            case 'MemberExpression': {
                if (e.call) return this.resolveCall(e)?.returns ?? ANY;
                const found = this.lookupMember(this.inferType(e.receiver), e.member);
                const type = found.kind === 'missing' ? ANY : found.type;
                return e.optional ? optional(type) : type;
            }
            case 'IndexExpression': {
                const type = this.indexType(this.inferType(e.receiver), e.index);
                return e.optional ? optional(type) : type;
            }
            case 'CallExpression': return this.resolveCall(e)?.returns ?? ANY;
            case 'Lambda': return ANY;
            case 'UnaryExpression': return unaryOperatorType(e.operator, this.inferType(e.operand), this.resolver).type;
            case 'BinaryExpression':
            case 'LogicalExpression':
                return binaryOperatorType(e.operator, this.inferType(e.left), this.inferType(e.right), this.resolver).type;
            case 'ConditionalExpression': return unionOf([this.inferType(e.whenTrue), this.inferType(e.whenFalse)]);
            case 'ListLiteral': return listOf(e.items.length === 0 ? ANY : unionOf(e.items.map(i => this.inferType(i))));
            case 'ObjectLiteral': {
                const fields = e.entries.map(entry => {
                    const field: FieldType = { name: entry.key ?? entry.quotedKey ?? '', type: entry.value ? this.inferType(entry.value) : ANY, optional: false };
                    this.fieldOrigins.set(field, entry);
                    return field;
                });
                return { kind: 'object', fields };
            }
        }
        return ANY;
    }

    protected indexType(receiver: TypeRef, index: Expression | undefined): TypeRef {
        const t = stripOptional(expand(receiver, this.resolver));
        switch (t.kind) {
            case 'list': return t.of;
            case 'map': return t.of;
            case 'string': case 'literal': return STRING;
            case 'object': {
                if (index?.$type === 'StringLiteral') {
                    const found = this.lookupMember(t, index.value);
                    return found.kind === 'missing' ? ANY : found.type;
                }
                return t.fields.length ? unionOf(t.fields.map(f => f.type)) : ANY;
            }
            default: return ANY;
        }
    }

    // -----------------------------------------------------------------------------------------
    // Calls

    resolveCall(call: CallExpression | MemberExpression): CallResolution | undefined {
        const cached = this.calls.get(call);
        if (cached !== undefined) return cached ?? undefined;
        if (this.callsInProgress.has(call)) return undefined;
        this.callsInProgress.add(call);
        try {
            const resolution = this.computeCall(call) ?? null;
            this.calls.set(call, resolution);
            return resolution ?? undefined;
        } finally {
            this.callsInProgress.delete(call);
        }
    }

    protected computeCall(call: CallExpression | MemberExpression): CallResolution | undefined {
        const name = call.$type === 'CallExpression' ? call.callee : call.member;
        const signature = findStdlibSignature(name);
        if (!signature) return undefined;
        const args: Expression[] = call.$type === 'CallExpression' ? [...call.args] : [call.receiver, ...call.args];
        const problems: CallProblem[] = [];
        if (args.length < signature.minArgs || args.length > signature.maxArgs) {
            const wanted = signature.minArgs === signature.maxArgs ? `${signature.minArgs}`
                : signature.maxArgs === Infinity ? `at least ${signature.minArgs}` : `${signature.minArgs} to ${signature.maxArgs}`;
            const offset = call.$type === 'MemberExpression' ? 1 : 0;
            problems.push({ node: call, message: `${signature.signature} takes ${wanted} argument${wanted === '1' ? '' : 's'}${offset ? ' (the value before the dot counts as the first)' : ''}, got ${args.length}` });
        }
        const paramAt = (i: number) => {
            const params = signature.params;
            if (i < params.length) return params[i];
            const last = params[params.length - 1];
            return last?.rest ? last : undefined;
        };
        const bindings: TypeBindings = new Map();
        const argTypes = new Map<number, TypeRef>();
        // Plain arguments first: they bind T from the receiver; lambdas are typed afterwards.
        args.forEach((arg, i) => {
            const param = paramAt(i);
            if (!param || isLambda(arg) || param.type.kind === 'function') return;
            const type = this.inferType(arg);
            argTypes.set(i, type);
            bindVariables(param.type, type, bindings, this.resolver);
        });
        // `sum(items, fn)`: a lambda's item type not bound by the list's declared type comes from the list.
        let relaxFirst = false;
        args.forEach((arg, i) => {
            const param = paramAt(i);
            if (param?.type.kind !== 'function' || !isLambda(arg)) return;
            if (param.type.params.some(p => hasUnboundVariable(p.type, bindings)) && argTypes.has(0)) {
                const item = elementType(argTypes.get(0)!, this.resolver);
                for (const p of param.type.params) if (p.type.kind === 'var' && !bindings.has(p.type.name)) bindings.set(p.type.name, item ?? ANY);
                relaxFirst = true;
            }
            this.bindLambda(arg, param.type, bindings);
        });
        const expected: TypeRef[] = args.map((_, i) => {
            const param = paramAt(i);
            return param ? instantiate(param.type, bindings) : ANY;
        });
        args.forEach((arg, i) => {
            const param = paramAt(i);
            if (!param) return;
            if (param.type.kind === 'function') {
                if (!isLambda(arg)) {
                    const t = this.inferType(arg);
                    if (t.kind !== 'any') problems.push({ node: arg, message: `Argument '${param.name}' of ${signature.name} must be a function like \`x => …\`, got ${printType(t)}` });
                }
                return;
            }
            if (isLambda(arg)) {
                problems.push({ node: arg, message: `Argument '${param.name}' of ${signature.name} must be ${param.typeText}, not a function` });
                return;
            }
            const actual = argTypes.get(i) ?? this.inferType(arg);
            const wanted = i === 0 && relaxFirst ? listOf(ANY) : expected[i];
            if (!isAssignable(actual, wanted, this.resolver)) {
                const role = call.$type === 'MemberExpression' && i === 0 ? `The value before .${signature.name}()` : `Argument '${param.name}' of ${signature.name}`;
                problems.push({ node: arg, message: `${role} must be ${param.typeText === printType(wanted) ? param.typeText : `${printType(wanted)} (${param.typeText})`}, got ${printType(actual)}` });
            }
        });
        return { signature, args, expected, returns: instantiate(signature.returns, bindings), problems };
    }

    /** Types the parameters of `lambda` from `fn`, infers its body and binds the function's result variable. */
    protected bindLambda(lambda: Lambda, fn: Extract<StdlibSignature['returns'], { kind: 'function' }>, bindings: TypeBindings): void {
        lambda.params.forEach((p, i) => {
            const declared = fn.params[i];
            this.lambdaParameterTypes.set(p, declared ? instantiate(declared.type, bindings) : ANY);
        });
        if (lambda.body) bindVariables(fn.returns, this.inferType(lambda.body), bindings, this.resolver);
    }

    // -----------------------------------------------------------------------------------------

    /** Computes once per document state; a cycle (`var a = b`, `var b = a`) yields `any`. */
    protected cached(cache: WorkspaceCache<AstNode, TypeRef>, node: AstNode, compute: () => TypeRef): TypeRef {
        const known = cache.get(node);
        if (known) return known;
        if (this.inProgress.has(node)) return ANY;
        this.inProgress.add(node);
        try {
            const type = compute();
            cache.set(node, type);
            return type;
        } finally {
            this.inProgress.delete(node);
        }
    }
}

/** Appends to `into` the sub-expressions whose types `computeType` needs, in operand order (lambda bodies excepted: calls type them). */
function pushOperands(e: Expression, into: Expression[]): void {
    switch (e.$type) {
        case 'BinaryExpression': case 'LogicalExpression':
            if (e.left) into.push(e.left);
            if (e.right) into.push(e.right);
            return;
        case 'UnaryExpression':
            if (e.operand) into.push(e.operand);
            return;
        case 'MemberExpression':
            if (e.receiver) into.push(e.receiver);
            for (const a of e.args) if (a && !isLambda(a)) into.push(a);
            return;
        case 'IndexExpression':
            if (e.receiver) into.push(e.receiver);
            if (e.index) into.push(e.index);
            return;
        case 'ConditionalExpression':
            if (e.test) into.push(e.test);
            if (e.whenTrue) into.push(e.whenTrue);
            if (e.whenFalse) into.push(e.whenFalse);
            return;
        case 'CallExpression':
            for (const a of e.args) if (a && !isLambda(a)) into.push(a);
            return;
        case 'ListLiteral':
            for (const item of e.items) if (item) into.push(item);
            return;
        case 'ObjectLiteral':
            for (const entry of e.entries) if (entry.value) into.push(entry.value);
            return;
    }
}

/** The workflow an AST node belongs to, if any. */
export function workflowOf(node: AstNode): Workflow | undefined {
    return AstUtils.getContainerOfType(node, (n): n is Workflow => n.$type === 'Workflow');
}

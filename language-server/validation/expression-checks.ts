// Type errors inside expressions: operators applied to the wrong types, always-false
// comparisons, unknown members and functions (with "did you mean"), wrong arguments to the
// standard library, bad indexes, `result`/`event` used where they are not bound, `env()`
// outside a secret and connectors used as values. Ranges point at the offending sub-expression.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type {
    BinaryExpression, CallExpression, ConditionalExpression, ContextExpression, IndexExpression, LogicalExpression,
    MemberExpression, ReferenceExpression, UnaryExpression, WeftAstType,
} from '../generated/ast.js';
import { isConnector, isSecretDeclaration } from '../generated/ast.js';
import { contextTarget } from '../scope/context-references.js';
import { stdlibSignatures } from '../types/stdlib-signatures.js';
import { binaryOperatorType, unaryOperatorType } from '../types/operator-types.js';
import { printType } from '../types/type-printer.js';
import { expand, isBooleanLike, stripOptional } from '../types/type-relations.js';
import type { CallResolution, WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { report } from './diagnostic-codes.js';
import { didYouMean, suggestNames } from './did-you-mean.js';

export class ExpressionChecks {
    protected readonly types: WeftTypeInferrer;

    constructor(services: WeftServices) {
        this.types = services.types.TypeInferrer;
    }

    checks(): ValidationChecks<WeftAstType> {
        return {
            BinaryExpression: (e, accept) => this.checkBinary(e, accept),
            LogicalExpression: (e, accept) => this.checkBinary(e, accept),
            UnaryExpression: (e, accept) => this.checkUnary(e, accept),
            ConditionalExpression: (e, accept) => this.checkConditional(e, accept),
            MemberExpression: (e, accept) => this.checkMember(e, accept),
            CallExpression: (e, accept) => this.checkCall(e, accept),
            IndexExpression: (e, accept) => this.checkIndex(e, accept),
            ContextExpression: (e, accept) => this.checkContextWord(e, accept),
            ReferenceExpression: (e, accept) => this.checkReference(e, accept),
        };
    }

    checkBinary(e: BinaryExpression | LogicalExpression, accept: ValidationAcceptor): void {
        if (!e.left || !e.right) return;
        const left = this.types.inferType(e.left);
        const right = this.types.inferType(e.right);
        const typing = binaryOperatorType(e.operator, left, right, this.types.resolver);
        if (!typing.error) return;
        if (e.operator === 'and' || e.operator === 'or') {
            const bad = !isBooleanLike(left, this.types.resolver) ? e.left : e.right;
            report(accept, 'type-mismatch', typing.error, { node: bad });
            return;
        }
        report(accept, 'type-mismatch', typing.error, { node: e });
    }

    checkUnary(e: UnaryExpression, accept: ValidationAcceptor): void {
        if (!e.operand) return;
        const typing = unaryOperatorType(e.operator, this.types.inferType(e.operand), this.types.resolver);
        if (typing.error) report(accept, 'type-mismatch', typing.error, { node: e.operand });
    }

    checkConditional(e: ConditionalExpression, accept: ValidationAcceptor): void {
        if (!e.test) return;
        const type = this.types.inferType(e.test);
        if (!isBooleanLike(type, this.types.resolver)) {
            report(accept, 'type-mismatch', `The condition of '? :' must be boolean, got ${printType(type)}`, { node: e.test });
        }
    }

    checkMember(e: MemberExpression, accept: ValidationAcceptor): void {
        if (!e.receiver || !e.member) return;
        if (e.call) {
            this.checkResolvedCall(e, e.member, this.types.resolveCall(e), accept);
            return;
        }
        const receiver = this.types.inferType(e.receiver);
        const found = this.types.lookupMember(receiver, e.member);
        if (found.kind !== 'missing') return;
        const core = stripOptional(expand(receiver, this.types.resolver));
        const fields = this.types.membersOf(receiver).map(f => f.name);
        let hint = didYouMean(suggestNames(e.member, fields));
        if (core.kind === 'list' && this.types.membersOf(core.of).some(f => f.name === e.member)) {
            hint = ` It is a list: read one item with [0], or all of them with .map(x => x.${e.member}).`;
        } else if (!hint && fields.length > 0 && fields.length <= 8) {
            hint = ` It has: ${fields.join(', ')}.`;
        }
        report(accept, 'unknown-member', `${printType(receiver)} has no member '${e.member}'.${hint}`,
            { node: e, property: 'member', data: { name: e.member, suggestions: suggestNames(e.member, fields) } });
    }

    checkCall(e: CallExpression, accept: ValidationAcceptor): void {
        if (!e.callee) return;
        if (e.callee === 'env' && !isSecretDeclaration(e.$container)) {
            report(accept, 'invalid-secret', 'env() reads a secret: use it only as `secret name = env("NAME")` and refer to the secret by name', { node: e, property: 'callee' });
            return;
        }
        this.checkResolvedCall(e, e.callee, this.types.resolveCall(e), accept);
    }

    protected checkResolvedCall(e: CallExpression | MemberExpression, name: string, resolution: CallResolution | undefined, accept: ValidationAcceptor): void {
        const property = (e.$type === 'CallExpression' ? 'callee' : 'member') as never;
        if (!resolution) {
            const suggestions = suggestNames(name, stdlibSignatures().filter(s => !s.secretOnly).map(s => s.name));
            report(accept, 'unknown-function', `Unknown function '${name}'.${didYouMean(suggestions)}`, { node: e, property, data: { name, suggestions } });
            return;
        }
        for (const problem of resolution.problems) {
            if (problem.node === e) report(accept, 'argument-count', problem.message, { node: e, property });
            else report(accept, 'type-mismatch', problem.message, { node: problem.node });
        }
    }

    checkIndex(e: IndexExpression, accept: ValidationAcceptor): void {
        if (!e.receiver || !e.index) return;
        const receiver = stripOptional(expand(this.types.inferType(e.receiver), this.types.resolver));
        const index = stripOptional(expand(this.types.inferType(e.index), this.types.resolver));
        const isNumber = index.kind === 'number' || index.kind === 'any';
        const isString = index.kind === 'string' || index.kind === 'literal' || index.kind === 'any';
        switch (receiver.kind) {
            case 'any': return;
            case 'list': case 'string': case 'literal':
                if (!isNumber) report(accept, 'type-mismatch', `A ${receiver.kind === 'list' ? 'list' : 'string'} index must be a number, got ${printType(index)}`, { node: e.index });
                return;
            case 'map': case 'object':
                if (!isString) report(accept, 'type-mismatch', `An object key must be a string, got ${printType(index)}`, { node: e.index });
                return;
            default:
                report(accept, 'type-mismatch', `${printType(receiver)} cannot be indexed`, { node: e.receiver });
        }
    }

    checkContextWord(e: ContextExpression, accept: ValidationAcceptor): void {
        if (contextTarget(e)) return;
        const where = e.keyword === 'result'
            ? "'result' is only defined inside a node's own block (its options, settings and `set`s)"
            : e.keyword === 'event'
                ? "'event' is only defined inside `where` and `correlate` of an event trigger, wait or listen"
                : "'trigger' is only defined inside a workflow";
        report(accept, 'unknown-name', where, { node: e, data: { name: e.keyword } });
    }

    checkReference(e: ReferenceExpression, accept: ValidationAcceptor): void {
        const target = e.target?.ref;
        if (target && isConnector(target)) {
            report(accept, 'type-mismatch', `'${target.name}' is a connector, not a value: call one of its actions in a task (\`task n: ${target.name}.get("/path")\`)`, { node: e });
        }
    }
}

// Types expected by the places expressions stand in: guards and filters must be boolean, `wait
// for` a duration, `wait until` a time, prompts and URLs strings, `set` values fit their
// targets, input defaults and var initial values fit their declared types, foreach lists.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type {
    AiSetting, Assignment, ConnectorSetting, ForeachNode, HttpPartOption, InputDeclaration,
    ListenAlternative, Trigger, VarDeclaration, WaitNode, WeftAstType,
} from '../generated/ast.js';
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import { ANY, BOOLEAN, DURATION, listOf, mapOf, NUMBER, optional, STRING } from '../types/type-constructors.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import type { WeftServices } from '../weft-module.js';
import { expectType } from './expect-type.js';

/** Header and query values: written out as text. */
const SCALAR: TypeRef = { kind: 'union', options: [STRING, NUMBER, BOOLEAN] };
const TIME: TypeRef = { kind: 'union', options: [NUMBER, STRING] };

export class ContextTypeChecks {
    protected readonly types: WeftTypeInferrer;

    constructor(services: WeftServices) {
        this.types = services.types.TypeInferrer;
    }

    checks(): ValidationChecks<WeftAstType> {
        return {
            WhenGuard: (g, accept) => this.expect(g.condition, BOOLEAN, 'A `when` guard', accept),
            Trigger: (t, accept) => this.checkTrigger(t, accept),
            WaitNode: (w, accept) => this.checkWait(w, accept),
            ListenAlternative: (a, accept) => this.checkFilters(a, accept),
            ForeachNode: (f, accept) => this.checkForeach(f, accept),
            AiSetting: (s, accept) => this.checkAiSetting(s, accept),
            ApprovalSetting: (s, accept) => this.expect(s.value, STRING, `\`${s.key}\``, accept),
            HttpTarget: (h, accept) => this.expect(h.url, STRING, 'The URL', accept),
            HttpPartOption: (p, accept) => this.checkHttpPart(p, accept),
            FailNode: (f, accept) => this.expect(f.message, STRING, 'The failure message', accept),
            InputDeclaration: (i, accept) => this.checkInputDefault(i, accept),
            VarDeclaration: (v, accept) => this.checkVarInitial(v, accept),
            Assignment: (a, accept) => this.checkAssignment(a, accept),
            ConnectorSetting: (s, accept) => this.checkConnectorSetting(s, accept),
            ConnectorTarget: (t, accept) => {
                if (t.connector?.ref?.kind === 'http' && t.args.length === 1) this.expect(t.args[0], STRING, 'The path of an http connector action', accept);
            },
        };
    }

    protected expect(expression: Parameters<typeof expectType>[1], type: Parameters<typeof expectType>[2], what: string, accept: ValidationAcceptor): void {
        expectType(this.types, expression, type, what, accept);
    }

    checkTrigger(t: Trigger, accept: ValidationAcceptor): void {
        if (t.where) this.expect(t.where, BOOLEAN, 'A `where` filter', accept);
    }

    checkFilters(a: WaitNode | ListenAlternative, accept: ValidationAcceptor): void {
        if (a.where) this.expect(a.where, BOOLEAN, 'A `where` filter', accept);
        if (a.correlate) this.expect(a.correlate, BOOLEAN, 'A `correlate` condition', accept);
    }

    checkWait(w: WaitNode, accept: ValidationAcceptor): void {
        this.checkFilters(w, accept);
        if (w.duration) this.expect(w.duration, DURATION, '`wait for` needs a duration (like 10m); it', accept);
        if (w.until) this.expect(w.until, TIME, '`wait until` needs a time (epoch ms or ISO text); it', accept);
    }

    checkForeach(f: ForeachNode, accept: ValidationAcceptor): void {
        if (f.items) this.expect(f.items, listOf(ANY), 'The items of a foreach', accept);
        if (f.until) this.expect(f.until, BOOLEAN, 'The `until` condition', accept);
    }

    checkAiSetting(s: AiSetting, accept: ValidationAcceptor): void {
        switch (s.key) {
            case 'model': case 'prompt': case 'system': this.expect(s.value, STRING, `\`${s.key}\``, accept); break;
            case 'temperature': case 'maxTokens': this.expect(s.value, NUMBER, `\`${s.key}\``, accept); break;
        }
    }

    checkHttpPart(p: HttpPartOption, accept: ValidationAcceptor): void {
        // Header values are text (null ones are left out); query values may also be lists (repeated keys).
        if (p.part === 'headers') this.expect(p.value, mapOf(optional(SCALAR)), '`headers`', accept);
        if (p.part === 'query') this.expect(p.value, mapOf(ANY), '`query`', accept);
    }

    checkInputDefault(i: InputDeclaration, accept: ValidationAcceptor): void {
        if (i.default && i.type) this.expect(i.default, this.types.typeOfTypeExpression(i.type), `The default of input '${i.name}'`, accept);
    }

    checkVarInitial(v: VarDeclaration, accept: ValidationAcceptor): void {
        if (v.initial && v.type) this.expect(v.initial, this.types.typeOfTypeExpression(v.type), `The initial value of var '${v.name}'`, accept);
    }

    checkAssignment(a: Assignment, accept: ValidationAcceptor): void {
        const target = a.target?.ref;
        if (!target || !a.value) return;
        this.expect(a.value, this.types.typeOfDeclaration(target), `The value set to '${target.name}'`, accept);
    }

    checkConnectorSetting(s: ConnectorSetting, accept: ValidationAcceptor): void {
        if (s.key === 'baseUrl' || s.key === 'header') this.expect(s.value, STRING, `\`${s.key}\``, accept);
    }
}


// Parser performance: builds the implementation of each Weft parser rule from the grammar, the
// same parser calls in the same order with the same occurrence numbers as Langium's builder, but
// with the alternatives and repetition options made once per rule instead of on every call
// (Langium allocates a closure per alternative each time an `OR` runs: half of a parse's garbage).
// Weft's grammar has no rule parameters or guards; a rule that uses anything this builder does
// not handle keeps Langium's implementation (weft-parser.ts).
import type { TokenType, TokenTypeDictionary } from 'chevrotain';
import type { GrammarAST, LangiumParser } from 'langium';
import { GrammarAST as G, GrammarUtils } from 'langium';

type Impl = () => void;
interface Counters { consume: number; optional: number; subrule: number; many: number; or: number }
interface Context { parser: LangiumParser; tokens: TokenTypeDictionary; counters: Counters }

/** Thrown for grammar features this builder leaves to Langium. */
export class UnsupportedRuleError extends Error {}

/** Langium's builder passes a fresh `{}` to every rule call of a rule without parameters. */
const NO_ARGUMENTS = Object.freeze({});

/** The implementation of `rule` (a parser rule, not infix), or UnsupportedRuleError. */
export function buildRuleImplementation(rule: GrammarAST.ParserRule, parser: LangiumParser, tokens: TokenTypeDictionary): Impl {
    const context: Context = { parser, tokens, counters: { consume: 1, optional: 1, subrule: 1, many: 1, or: 1 } };
    if (rule.parameters.length > 0) throw new UnsupportedRuleError(`${rule.name} has parameters`);
    return build(context, rule.definition);
}

function build(context: Context, element: GrammarAST.AbstractElement): Impl {
    const { parser, counters } = context;
    let method: Impl;
    if (G.isKeyword(element)) {
        const idx = counters.consume++;
        const token = tokenNamed(context, element.value);
        method = () => parser.consume(idx, token, element);
    } else if (G.isAction(element)) {
        const type = GrammarUtils.getTypeName(element);
        method = () => parser.action(type, element);
    } else if (G.isAssignment(element)) {
        method = build(context, element.terminal);
    } else if (G.isCrossReference(element)) {
        method = crossReference(context, element, element.terminal);
    } else if (G.isRuleCall(element)) {
        method = ruleCall(context, element);
    } else if (G.isAlternatives(element)) {
        if (element.elements.length === 1) {
            method = build(context, element.elements[0]);
        } else {
            const choices = element.elements.map(e => {
                if (G.isGroup(e) && e.guardCondition) throw new UnsupportedRuleError('guarded alternative');
                return { ALT: build(context, e) };
            });
            const idx = counters.or++;
            method = () => parser.alternatives(idx, choices);
        }
    } else if (G.isGroup(element) && !G.isUnorderedGroup(element)) {
        if (element.guardCondition) throw new UnsupportedRuleError('guarded group');
        const parts = element.elements.map(e => build(context, e));
        method = () => { for (const part of parts) part(); };
    } else {
        throw new UnsupportedRuleError(`grammar element ${element.$type}`);
    }
    return repeated(context, method, element.cardinality);
}

function repeated(context: Context, method: Impl, cardinality: GrammarAST.AbstractElement['cardinality']): Impl {
    const { parser, counters } = context;
    const options = { DEF: method };
    switch (cardinality) {
        case undefined: return method;
        case '?': { const idx = counters.optional++; return () => parser.optional(idx, options); }
        case '*': { const idx = counters.many++; return () => parser.many(idx, options); }
        case '+': { const idx = counters.many++; return () => parser.atLeastOne(idx, options); }
    }
}

function ruleCall(context: Context, call: GrammarAST.RuleCall): Impl {
    const { parser, counters } = context;
    const rule = call.rule.ref;
    if (G.isTerminalRule(rule)) {
        const idx = counters.consume++;
        const token = tokenNamed(context, rule.name);
        return () => parser.consume(idx, token, call);
    }
    if (!G.isAbstractParserRule(rule) || call.arguments.length > 0) throw new UnsupportedRuleError(`rule call ${call.rule.$refText}`);
    const idx = counters.subrule++;
    const fragment = G.isParserRule(rule) && rule.fragment;
    let target: ReturnType<LangiumParser['getRule']>;
    return () => {
        target ??= ruleNamed(parser, rule.name);
        parser.subrule(idx, target, fragment, call, NO_ARGUMENTS);
    };
}

function crossReference(context: Context, reference: GrammarAST.CrossReference, terminal: GrammarAST.AbstractElement | undefined): Impl {
    const { parser, counters } = context;
    if (!terminal) {
        const type = reference.type.ref;
        const name = type && GrammarUtils.findNameAssignment(type)?.terminal;
        if (!name) throw new UnsupportedRuleError('cross-reference without a name terminal');
        return crossReference(context, reference, name);
    }
    if (G.isRuleCall(terminal) && G.isParserRule(terminal.rule.ref)) {
        const rule = terminal.rule.ref;
        const idx = counters.subrule++;
        let target: ReturnType<LangiumParser['getRule']>;
        return () => {
            target ??= ruleNamed(parser, rule.name);
            parser.subrule(idx, target, false, reference, NO_ARGUMENTS);
        };
    }
    if (G.isRuleCall(terminal) && G.isTerminalRule(terminal.rule.ref)) {
        const idx = counters.consume++;
        const token = tokenNamed(context, terminal.rule.ref.name);
        return () => parser.consume(idx, token, reference);
    }
    if (G.isKeyword(terminal)) {
        const idx = counters.consume++;
        const token = tokenNamed(context, terminal.value);
        return () => parser.consume(idx, token, reference);
    }
    throw new UnsupportedRuleError('cross-reference terminal');
}

function tokenNamed(context: Context, name: string): TokenType {
    const token = context.tokens[name];
    if (!token) throw new UnsupportedRuleError(`no token ${name}`);
    return token;
}

function ruleNamed(parser: LangiumParser, name: string): NonNullable<ReturnType<LangiumParser['getRule']>> {
    const rule = parser.getRule(name);
    if (!rule) throw new Error(`Rule "${name}" not found.`);
    return rule;
}

/**
 * The implementation of an infix rule (`infix BinaryExpression on NegationExpression: …`), as
 * Langium's builder makes it — the same synthetic grammar elements for the CST, the same parser
 * calls and occurrence numbers — but with its loop's options made once instead of a new closure
 * and options object on every call (every expression passes through two infix rules).
 */
export function buildInfixImplementation(rule: GrammarAST.InfixRule, parser: LangiumParser, tokens: TokenTypeDictionary): Impl {
    if (rule.parameters.length > 0 || rule.call.arguments.length > 0) throw new UnsupportedRuleError(`${rule.name} has parameters`);
    const operand = rule.call.rule.ref;
    if (!operand || G.isTerminalRule(operand)) throw new UnsupportedRuleError(`infix rule ${rule.name} on ${rule.call.rule.$refText}`);
    const keywords = rule.operators.precedences.flatMap(level => level.operators);
    const outerGroup = { $type: 'Group', elements: [] as unknown[] };
    const part1Assignment = { $container: outerGroup, $type: 'Assignment', feature: 'parts', operator: '+=', terminal: rule.call };
    const innerGroup = { $container: outerGroup, $type: 'Group', elements: [] as unknown[], cardinality: '*' };
    outerGroup.elements.push(part1Assignment, innerGroup);
    const alternatives = { $type: 'Alternatives', elements: keywords };
    const operatorAssignment = { $container: innerGroup, $type: 'Assignment', feature: 'operators', operator: '+=', terminal: alternatives };
    const part2Assignment = { ...part1Assignment, $container: innerGroup };
    innerGroup.elements.push(operatorAssignment, part2Assignment);
    const context: Context = { parser, tokens, counters: { consume: 1, optional: 1, subrule: 1, many: 1, or: 1 } };
    const choices = keywords.map((keyword, index) => {
        const token = tokenNamed(context, keyword.value);
        return { ALT: () => parser.consume(index, token, operatorAssignment as unknown as GrammarAST.AbstractElement) };
    });
    let target: ReturnType<LangiumParser['getRule']>;
    const loop = {
        DEF: () => {
            parser.alternatives(0, choices);
            parser.subrule(1, target!, false, part2Assignment as unknown as GrammarAST.AbstractElement, NO_ARGUMENTS);
        },
    };
    return () => {
        target ??= ruleNamed(parser, operand.name);
        parser.subrule(0, target, false, part1Assignment as unknown as GrammarAST.AbstractElement, NO_ARGUMENTS);
        parser.many(0, loop);
    };
}

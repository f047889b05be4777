// Turns terminal text into AST values: decoded strings, numbers. Durations and sizes stay as
// written (`5s`, `64MB`); lowering converts them (lowering/units.ts). Template pieces stay raw
// so their indentation can be stripped together (string-literals.ts decodeTemplateTexts).
import type { CstNode, GrammarAST, ValueType } from 'langium';
import { DefaultValueConverter, GrammarUtils, ValueConverter } from 'langium';
import { decodeRawScript, decodeString, decodeTripleString } from './string-literals.js';

type Convert = (input: string) => ValueType;
const unchanged: Convert = input => input;

export class WeftValueConverter extends DefaultValueConverter {
    /**
     * The conversion of each rule, chosen once: Langium's default picks it on every token from
     * the rule's upper-cased name and lower-cased return type (two new strings per token).
     */
    private readonly conversions = new Map<GrammarAST.AbstractRule, Convert>();

    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, _cstNode: CstNode): ValueType {
        let convert = this.conversions.get(rule);
        if (!convert) {
            convert = conversionOf(rule);
            this.conversions.set(rule, convert);
        }
        return convert(input);
    }
}

/** What Langium's DefaultValueConverter.runConverter does for `rule`, plus Weft's terminals. */
function conversionOf(rule: GrammarAST.AbstractRule): Convert {
    switch (rule.name) {
        case 'STRING': return decodeString;
        case 'TRIPLE_STRING': return decodeTripleString;
        case 'RAW_SCRIPT': return decodeRawScript;
        case 'NUMBER': return Number;
        case 'DURATION':
        case 'SIZE':
        case 'TEMPLATE_HEAD': case 'TEMPLATE_MIDDLE': case 'TEMPLATE_TAIL':
        case 'TRIPLE_HEAD': case 'TRIPLE_MIDDLE': case 'TRIPLE_TAIL':
            return unchanged;
    }
    switch (rule.name.toUpperCase()) {
        case 'INT': return ValueConverter.convertInt;
        case 'STRING': return ValueConverter.convertString;
        case 'ID': return ValueConverter.convertID;
    }
    switch (GrammarUtils.getRuleType(rule)?.toLowerCase()) {
        case 'number': return ValueConverter.convertNumber;
        case 'boolean': return ValueConverter.convertBoolean;
        case 'bigint': return ValueConverter.convertBigint;
        case 'date': return ValueConverter.convertDate;
        default: return unchanged;
    }
}

// Turns terminal text into AST values: decoded strings, numbers. Durations and sizes stay as
// written (`5s`, `64MB`); lowering converts them (lowering/units.ts). Template pieces stay raw
// so their indentation can be stripped together (string-literals.ts decodeTemplateTexts).
import type { CstNode, GrammarAST, ValueType } from 'langium';
import { DefaultValueConverter } from 'langium';
import { decodeRawScript, decodeString, decodeTripleString } from './string-literals.js';

export class WeftValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        switch (rule.name) {
            case 'STRING': return decodeString(input);
            case 'TRIPLE_STRING': return decodeTripleString(input);
            case 'RAW_SCRIPT': return decodeRawScript(input);
            case 'NUMBER': return Number(input);
            case 'DURATION':
            case 'SIZE':
            case 'TEMPLATE_HEAD': case 'TEMPLATE_MIDDLE': case 'TEMPLATE_TAIL':
            case 'TRIPLE_HEAD': case 'TRIPLE_MIDDLE': case 'TRIPLE_TAIL':
                return input;
            default: return super.runConverter(rule, input, cstNode);
        }
    }
}

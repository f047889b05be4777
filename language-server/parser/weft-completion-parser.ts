// The parser completion uses to find what may follow the cursor, with the same safety net as
// weft-parser.ts: on text nested deeper than the stack allows it reports "nothing parsed" (so
// completion offers what is valid at a fresh start) instead of failing the request.
import type { LangiumCoreServices } from 'langium';
import { createParser, LangiumCompletionParser } from 'langium';

export class WeftCompletionParser extends LangiumCompletionParser {

    override parse(input: string): ReturnType<LangiumCompletionParser['parse']> {
        try {
            return super.parse(input);
        } catch {
            this.unorderedGroups.clear();
            return { tokens: [], elementStack: [], tokenIndex: 0 };
        }
    }
}

export function createWeftCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = new WeftCompletionParser(services);
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

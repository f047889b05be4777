// The parser completion uses to find what may follow the cursor, with the same safety net as
// weft-parser.ts: on text nested deeper than the stack allows it reports "nothing parsed" (so
// completion offers what is valid at a fresh start) instead of failing the request.
// Its syntax errors are never shown, so it skips what only their messages need.
import { EarlyExitException, NoViableAltException } from 'chevrotain';
import type { IToken } from 'chevrotain';
import type { LangiumCoreServices } from 'langium';
import { createParser, LangiumCompletionParser } from 'langium';

/** The chevrotain recognizer under a Langium parser, as far as its error raising goes. */
interface ErrorRaiser {
    LA(howMuch: number): IToken;
    SAVE_ERROR(error: Error): Error;
    raiseNoAltException(occurrence: number, message: string | undefined): never;
    raiseEarlyExitException(occurrence: number, production: unknown, message: string | undefined): never;
}

/** Message of the errors the completion parser raises; nobody reads it. */
const UNREPORTED = 'completion parse';

export class WeftCompletionParser extends LangiumCompletionParser {

    override parse(input: string): ReturnType<LangiumCompletionParser['parse']> {
        // The text ends at the cursor, so every parse ends in errors; recovery raises and catches
        // several per rule on the stack, and their stack traces are never looked at.
        const stackTraceLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return super.parse(input);
        } catch {
            this.unorderedGroups.clear();
            return { tokens: [], elementStack: [], tokenIndex: 0 };
        } finally {
            Error.stackTraceLimit = stackTraceLimit;
        }
    }

    /**
     * Raises "no alternative" and "early exit" errors as chevrotain does, without first
     * computing the token paths each alternative expects: those only feed the error message
     * (a walk of the grammar that cost milliseconds per error), and recovery reads only the
     * exception's kind and tokens.
     */
    skipErrorMessages(): void {
        const recognizer = (this as unknown as { wrapper: ErrorRaiser }).wrapper;
        recognizer.raiseNoAltException = function (this: ErrorRaiser) {
            throw this.SAVE_ERROR(new NoViableAltException(UNREPORTED, this.LA(1), this.LA(0)));
        };
        recognizer.raiseEarlyExitException = function (this: ErrorRaiser) {
            throw this.SAVE_ERROR(new EarlyExitException(UNREPORTED, this.LA(1), this.LA(0)));
        };
    }
}

export function createWeftCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = new WeftCompletionParser(services);
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    parser.skipErrorMessages();
    return parser;
}

// Event-type completion in Weft: the event types already used in a file (`trigger event`,
// `wait … for event`, `emit`, `listen`, `on "…"`), offered where the text says one comes next.
import type { LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { CompletionList, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind } from 'vscode-languageserver';

/** Text before the cursor after which an event type is written. */
const EVENT_POSITION = /(?:\bfor\s+event|\btrigger\s+event|\bemit\s+[A-Za-z_]\w*|->\s*[A-Za-z_]\w*\s+on)\s+("[^"\n]*)?$/;

/** The event types written anywhere in the document, sorted. */
export function eventTypesOf(document: LangiumDocument): string[] {
    const seen = new Set<string>();
    for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
        for (const key of ['eventType', 'event'] as const) {
            const value = (node as unknown as Record<string, unknown>)[key];
            if (typeof value === 'string' && value.length > 0) seen.add(value);
        }
    }
    return [...seen].sort();
}

/**
 * The event types as quoted strings when the cursor stands where one goes (the parser's
 * recovery cannot always tell these positions from an expression), else undefined.
 */
export function eventTypeCompletionList(document: LangiumDocument, params: CompletionParams): CompletionList | undefined {
    const text = document.textDocument;
    const offset = text.offsetAt(params.position);
    const match = EVENT_POSITION.exec(text.getText().slice(Math.max(0, offset - 200), offset));
    if (!match) return undefined;
    const start = offset - (match[1]?.length ?? 0);
    const range = { start: text.positionAt(start), end: params.position };
    const items = eventTypesOf(document).map(type => {
        const label = JSON.stringify(type);
        return { label, kind: CompletionItemKind.Event, detail: 'event type used in this file', textEdit: { range, newText: label } };
    });
    return items.length > 0 ? { isIncomplete: false, items } : undefined;
}

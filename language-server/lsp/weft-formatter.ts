// The formatter service of the Weft language server (LSP formatting and range formatting) and
// of `weft format`: canonical layout by language-server/lsp/formatter/weft-layout.ts. Leaves
// documents with syntax errors untouched; never changes anything but layout.
import type { LangiumDocument, Lexer } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
    DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentOnTypeFormattingParams,
    DocumentRangeFormattingParams, TextEdit,
} from 'vscode-languageserver';
import type { WeftServices } from '../weft-module.js';
import { documentTokens } from './formatter/format-tokens.js';
import type { Layout } from './formatter/weft-layout.js';
import { layoutTokens, sameProgram } from './formatter/weft-layout.js';

export interface WeftFormatter extends Formatter {
    /**
     * The canonical layout of a document, or `undefined` when it cannot be formatted safely
     * (lexer or parser errors).
     */
    layout(document: LangiumDocument): Layout | undefined;
}

export class DefaultWeftFormatter implements WeftFormatter {
    protected readonly lexer: Lexer;

    constructor(services: WeftServices) {
        this.lexer = services.parser.Lexer;
    }

    layout(document: LangiumDocument): Layout | undefined {
        const tokens = documentTokens(this.lexer, document);
        if (!tokens) return undefined;
        const text = document.textDocument.getText();
        const layout = layoutTokens(text, tokens, document.parseResult.value);
        if (layout.edits.length === 0) return layout;
        // A safety net: a layout that would change the program is never applied.
        return sameProgram(this.lexer, tokens, layout.text) ? layout : undefined;
    }

    formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): TextEdit[] {
        return this.toTextEdits(document, this.layout(document));
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        const from = document.textDocument.offsetAt(params.range.start);
        const to = document.textDocument.offsetAt(params.range.end);
        return this.toTextEdits(document, this.layout(document), edit => edit.start >= from && edit.end <= to);
    }

    formatDocumentOnType(_document: LangiumDocument, _params: DocumentOnTypeFormattingParams): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    protected toTextEdits(document: LangiumDocument, layout: Layout | undefined,
        keep: (edit: Layout['edits'][number]) => boolean = () => true): TextEdit[] {
        if (!layout) return [];
        const text = document.textDocument;
        return layout.edits.filter(keep).map(edit => ({
            range: { start: text.positionAt(edit.start), end: text.positionAt(edit.end) },
            newText: edit.text,
        }));
    }
}

// Edit path: Langium's document factory, except that an edited document whose change lies inside
// one workflow member is re-parsed member-only (parser/member-reparse.ts) rather than in full.
// Every other update, and every new document, is parsed by Langium as before.
import type { CancellationToken } from 'vscode-languageserver';
import type { AstNode, LangiumDocument, LangiumSharedCoreServices, Mutable, ParseResult, URI } from 'langium';
import { DefaultLangiumDocumentFactory } from 'langium';
import type { Model } from '../generated/ast.js';
import { isModel } from '../generated/ast.js';
import { reparseMember } from '../parser/member-reparse.js';

export class IncrementalDocumentFactory extends DefaultLangiumDocumentFactory {

    /** The parse each document had when its update started, by URI. */
    protected readonly previous = new Map<string, ParseResult>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>, cancellationToken: CancellationToken): Promise<LangiumDocument<T>> {
        const key = document.uri.toString();
        this.previous.set(key, document.parseResult);
        try {
            return await super.update(document, cancellationToken);
        } finally {
            this.previous.delete(key);
        }
    }

    protected override parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: CancellationToken): Promise<ParseResult<T>> {
        const previous = this.previous.get(uri.toString());
        if (previous && isModel(previous.value)) {
            const parser = this.serviceRegistry.getServices(uri).parser.LangiumParser;
            let result: ParseResult<Model> | undefined;
            try {
                result = reparseMember(parser, previous as ParseResult<Model>, text);
            } catch (error) {
                // Never expected; the previous tree is discarded either way, so parse in full.
                console.error('Weft: member-only re-parse failed, parsing the whole document:', error);
            }
            if (result) return Promise.resolve(result as unknown as ParseResult<T>);
        }
        return super.parseAsync<T>(uri, text, cancellationToken);
    }
}

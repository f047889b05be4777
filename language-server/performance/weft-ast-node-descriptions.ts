// Performance: the descriptions of named nodes (local scopes and the exported index) compute
// their path and document segments when first read instead of when created. A build describes
// every named node, but only hover, workspace symbols and cross-document references ever read
// those parts; the values are Langium's (AstNodeLocator path, `toDocumentSegment`).
import type { AstNode, AstNodeDescription, AstNodeLocator, DocumentSegment, LangiumCoreServices, LangiumDocument, NameProvider, URI } from 'langium';
import { AstUtils, CstUtils, DefaultAstNodeDescriptionProvider } from 'langium';

export class WeftAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        name ??= this.nameProvider.getName(node);
        if (!name) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        return new LazyAstNodeDescription(node, name, doc.uri, this.astNodeLocator, this.nameProvider);
    }
}

/** Langium's description of a named node, its path and segments computed on first read. */
export class LazyAstNodeDescription implements AstNodeDescription {
    readonly type: string;
    private cachedPath: string | undefined;
    private cachedSelection: DocumentSegment | undefined;
    private cachedName: DocumentSegment | undefined;

    constructor(readonly node: AstNode, readonly name: string, readonly documentUri: URI,
        private readonly locator: AstNodeLocator, private readonly names: NameProvider) {
        this.type = node.$type;
    }

    get path(): string {
        return this.cachedPath ??= this.locator.getAstNodePath(this.node);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return this.cachedSelection ??= CstUtils.toDocumentSegment(this.node.$cstNode);
    }

    get nameSegment(): DocumentSegment | undefined {
        return this.cachedName ??= CstUtils.toDocumentSegment(this.names.getNameNode(this.node) ?? this.node.$cstNode);
    }
}

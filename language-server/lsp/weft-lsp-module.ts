// The LSP feature services of Weft (completion, hover, navigation, formatting, tokens, hints),
// gathered in DI modules that language-server/weft-module.ts mixes in. Quick-fix code actions
// are not here: the validation area registers its CodeActionProvider itself.
import type { LangiumSharedCoreServices, Module } from 'langium';
import type { LangiumSharedServices, PartialLangiumServices } from 'langium/lsp';
import type { WeftServices } from '../weft-module.js';
import { DefaultWeftDocumentSymbolProvider } from './weft-document-symbol-provider.js';
import { DefaultWeftFoldingRangeProvider } from './weft-folding-range-provider.js';
import { DefaultWeftFormatter } from './weft-formatter.js';
import { WeftCompletionProvider } from './weft-completion-provider.js';
import { WeftHoverProvider } from './weft-hover-provider.js';
import { WeftDefinitionProvider } from './weft-definition-provider.js';
import { WeftReferencesProvider } from './weft-references-provider.js';
import { WeftRenameProvider } from './weft-rename-provider.js';
import { WeftSignatureHelpProvider } from './weft-signature-help-provider.js';
import { WeftInlayHintProvider } from './weft-inlay-hint-provider.js';
import { WeftDocumentHighlightProvider } from './weft-document-highlight-provider.js';
import { WeftNodeKindProvider } from './weft-node-kind-provider.js';
import { WeftWorkspaceSymbolProvider } from './weft-workspace-symbol-provider.js';
import { WeftSemanticTokenProvider } from './weft-semantic-token-provider.js';

export const WeftLspFeaturesModule: Module<WeftServices, PartialLangiumServices> = {
    lsp: {
        Formatter: (services) => new DefaultWeftFormatter(services),
        DocumentSymbolProvider: (services) => new DefaultWeftDocumentSymbolProvider(services),
        FoldingRangeProvider: (services) => new DefaultWeftFoldingRangeProvider(services),
        SemanticTokenProvider: (services) => new WeftSemanticTokenProvider(services),
        HoverProvider: (services) => new WeftHoverProvider(services),
        CompletionProvider: (services) => new WeftCompletionProvider(services),
        DefinitionProvider: (services) => new WeftDefinitionProvider(services),
        ReferencesProvider: (services) => new WeftReferencesProvider(services),
        RenameProvider: (services) => new WeftRenameProvider(services),
        SignatureHelp: (services) => new WeftSignatureHelpProvider(services),
        InlayHintProvider: (services) => new WeftInlayHintProvider(services),
        DocumentHighlightProvider: (services) => new WeftDocumentHighlightProvider(services),
    },
};

/** Workspace-wide LSP services (shared by every language of the server). */
export const WeftLspSharedFeaturesModule: Module<LangiumSharedServices, Partial<LangiumSharedCoreServices> & { lsp?: Partial<LangiumSharedServices['lsp']> }> = {
    lsp: {
        NodeKindProvider: () => new WeftNodeKindProvider(),
        WorkspaceSymbolProvider: (services) => new WeftWorkspaceSymbolProvider(services),
    },
};

// The Weft language's dependency-injection module (Langium style): the one place where the
// services of the language server are put together. Each area (parser, scoping, validation,
// LSP features, diagram, lowering) registers in its own clearly marked section below.
import type { LangiumSharedCoreServices, Module, PartialLangiumCoreServices, PartialLangiumSharedCoreServices } from 'langium';
import { inject } from 'langium';
import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { WeftGeneratedModule, WeftGeneratedSharedModule } from './generated/module.js';
import { WeftTokenBuilder } from './parser/weft-token-builder.js';
import { WeftValueConverter } from './parser/weft-value-converter.js';
import { createWeftParser } from './parser/weft-parser.js';
import { createWeftCompletionParser } from './parser/weft-completion-parser.js';
import { ImportLoadingDocumentBuilder } from './workspace/import-loading-document-builder.js';
import { IncrementalDocumentFactory } from './workspace/incremental-document-factory.js';
import type { WorkflowLowerer } from './lowering/bundle-lowering.js';
import { DefaultWorkflowLowerer } from './lowering/bundle-lowering.js';
import { WeftSyntaxMessagesModule } from './parser/weft-error-messages.js';
import { DefaultDiagramModelBuilder, type DiagramModelBuilder } from './diagram/diagram-model-builder.js';
import { DefaultDiagramModelService, type DiagramModelService } from './diagram/diagram-model-service.js';
import { documentLowering } from './diagram/document-lowering.js';
import type { ImportResolver } from './scope/import-resolver.js';
import { DefaultImportResolver } from './scope/import-resolver.js';
import { WeftScopeProvider } from './scope/weft-scope-provider.js';
import type { WeftTypeInferrer } from './types/weft-type-inferrer.js';
import { DefaultWeftTypeInferrer } from './types/weft-type-inferrer.js';
import { WeftDocumentValidator } from './validation/weft-document-validator.js';
import { WeftValidationRegistry } from './validation/weft-validation-registry.js';
import { registerWeftValidationChecks } from './validation/weft-validation.js';
import { WeftCodeActionProvider } from './validation/fixes/weft-code-action-provider.js';
import { WeftLspFeaturesModule, WeftLspSharedFeaturesModule } from './lsp/weft-lsp-module.js';
import { WeftAstNodeDescriptionProvider } from './performance/weft-ast-node-descriptions.js';
import { WeftIndexManager } from './performance/weft-index-manager.js';
import { WeftLinker } from './performance/weft-linker.js';
import { WeftReferenceDescriptionProvider } from './performance/weft-reference-description-provider.js';
import { WeftScopeComputation } from './performance/weft-scope-computation.js';

/** Services Weft adds to Langium's. Each area adds its own group here. */
export interface WeftAddedServices {
    references: {
        ImportResolver: ImportResolver;
    };
    lowering: {
        WorkflowLowerer: WorkflowLowerer;
    };
    types: {
        /** Types of expressions, declarations and node results (language-server/types/). */
        TypeInferrer: WeftTypeInferrer;
    };
    diagram: {
        DiagramModelBuilder: DiagramModelBuilder;
        DiagramModelService: DiagramModelService;
    };
}

export type WeftServices = LangiumServices & WeftAddedServices;

// ---------------------------------------------------------------------------------------------
// Parser (language-server/parser/): custom lexer rules and literal decoding.

export const WeftParserModule: Module<WeftServices, PartialLangiumCoreServices> = {
    parser: {
        TokenBuilder: () => new WeftTokenBuilder(),
        ValueConverter: () => new WeftValueConverter(),
        LangiumParser: (services) => createWeftParser(services),
        CompletionParser: (services) => createWeftCompletionParser(services),
    },
};

// ---------------------------------------------------------------------------------------------
// Scoping and linking (language-server/scope/).

export const WeftScopeModule: Module<WeftServices, PartialLangiumCoreServices & Pick<WeftAddedServices, 'references'>> = {
    references: {
        ScopeProvider: (services) => new WeftScopeProvider(services),
        ImportResolver: (services) => new DefaultImportResolver(services),
    },
};

// ---------------------------------------------------------------------------------------------
// Type system (language-server/types/): the inferrer validation, completion and hover share.
// Spread into WeftValidationModule (Langium's inject takes at most nine modules).

export const WeftTypesModule: Module<WeftServices, Pick<WeftAddedServices, 'types'>> = {
    types: {
        TypeInferrer: (services) => new DefaultWeftTypeInferrer(services),
    },
};

// ---------------------------------------------------------------------------------------------
// Validation (language-server/validation/): add the validator service to WeftValidationModule
// and register its checks in registerValidation().

export const WeftValidationModule: Module<WeftServices, PartialLangiumServices & Pick<WeftAddedServices, 'types'>> = {
    ...WeftTypesModule,
    validation: {
        DocumentValidator: (services) => new WeftDocumentValidator(services),
        ValidationRegistry: (services) => new WeftValidationRegistry(services),
    },
    lsp: {
        CodeActionProvider: (services) => new WeftCodeActionProvider(services),
    },
};

function registerValidation(services: WeftServices): void {
    registerWeftValidationChecks(services);
}

// ---------------------------------------------------------------------------------------------
// LSP features (language-server/lsp/): completion, hover, formatter, semantic tokens, …

export const WeftLspModule: Module<WeftServices, PartialLangiumServices> = {
    ...WeftLspFeaturesModule,
};

// ---------------------------------------------------------------------------------------------
// Diagram model (language-server/diagram/) and lowering to the IR (language-server/lowering/).

export const WeftDiagramModule: Module<WeftServices, Pick<WeftAddedServices, 'diagram'>> = {
    diagram: {
        DiagramModelBuilder: () => new DefaultDiagramModelBuilder(),
        DiagramModelService: (services) => new DefaultDiagramModelService(
            services.shared, documentLowering(services.lowering.WorkflowLowerer), services.diagram.DiagramModelBuilder),
    },
};

export const WeftLoweringModule: Module<WeftServices, Pick<WeftAddedServices, 'lowering'>> = {
    lowering: {
        WorkflowLowerer: (services) => new DefaultWorkflowLowerer(services.types.TypeInferrer),
    },
};

// ---------------------------------------------------------------------------------------------
// Workspace (language-server/workspace/): builds load the files that documents import; an edit
// inside one workflow member re-parses only that member.

export const WeftWorkspaceModule: Module<LangiumSharedServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        DocumentBuilder: (shared) => new ImportLoadingDocumentBuilder(shared),
        LangiumDocumentFactory: (shared) => new IncrementalDocumentFactory(shared),
        // Performance: the reference index stores cross-document references only (performance/).
        IndexManager: (shared) => new WeftIndexManager(shared),
    },
};

/**
 * Deep-merges DI modules, later ones winning, so any number of areas can register (Langium's
 * `inject` takes at most nine modules).
 */
function mergeModules<I>(...modules: Array<Module<I, unknown>>): Module<I, unknown> {
    const merge = (target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> => {
        for (const [key, value] of Object.entries(source)) {
            const existing = target[key];
            const isGroup = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
            target[key] = isGroup(value) ? merge(isGroup(existing) ? existing : {}, value) : value;
        }
        return target;
    };
    return modules.reduce<Record<string, unknown>>((target, m) => merge(target, m as Record<string, unknown>), {}) as Module<I, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Performance (language-server/performance/): Langium's linking, local scopes and reference
// index over one cached walk of each document's AST, descriptions whose paths and segments are
// computed when read, and an index of cross-document references only (the same answers).

export const WeftPerformanceModule: Module<WeftServices, PartialLangiumServices> = {
    references: {
        Linker: (services) => new WeftLinker(services),
        ScopeComputation: (services) => new WeftScopeComputation(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new WeftReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: (services) => new WeftAstNodeDescriptionProvider(services),
    },
};

// ---------------------------------------------------------------------------------------------
// Shared (workspace-wide) services.

export const WeftSharedModule: Module<LangiumSharedServices, Partial<LangiumSharedCoreServices>> = {
    ...WeftLspSharedFeaturesModule,
};

/**
 * Creates the shared services and the Weft language services, wired together. `context` gives
 * the file system (`NodeFileSystem` from `langium/node`, or `EmptyFileSystem` in tests) and,
 * in the language server, the LSP connection. `overrides` replace services (tests, tools).
 */
export function createWeftServices(
    context: DefaultSharedModuleContext,
    ...overrides: Array<Module<WeftServices, PartialLangiumServices>>
): { shared: LangiumSharedServices; Weft: WeftServices } {
    const shared = inject(createDefaultSharedModule(context), WeftGeneratedSharedModule, mergeModules(WeftWorkspaceModule, WeftSharedModule));
    const Weft = inject(
        createDefaultModule({ shared }),
        WeftGeneratedModule,
        mergeModules<WeftServices>(
            WeftParserModule,
            WeftSyntaxMessagesModule,
            WeftScopeModule,
            WeftValidationModule,
            WeftLspModule,
            WeftDiagramModule,
            WeftLoweringModule,
            WeftPerformanceModule,
            ...overrides,
        ),
    ) as WeftServices;
    shared.ServiceRegistry.register(Weft);
    registerValidation(Weft);
    // Created eagerly: the diagram service publishes a model after every document build.
    void Weft.diagram.DiagramModelService;
    if (!context.connection) {
        // Outside a language server (CLI, tests) nothing else builds the configuration.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Weft };
}

// The LSP feature services of Weft (completion, hover, navigation, formatting, tokens, hints),
// gathered in one DI module that language-server/weft-module.ts mixes in. Quick-fix code
// actions are not here: the validation area registers its CodeActionProvider itself.
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { WeftServices } from '../weft-module.js';
import { DefaultWeftFormatter } from './weft-formatter.js';

export const WeftLspFeaturesModule: Module<WeftServices, PartialLangiumServices> = {
    lsp: {
        Formatter: (services) => new DefaultWeftFormatter(services),
    },
};

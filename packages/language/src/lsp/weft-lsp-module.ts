import { type DeepPartial, inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext, type LangiumServices,
    type LangiumSharedServices, type PartialLangiumLSPServices, type PartialLangiumSharedServices,
} from 'langium/lsp';
import { WeftGeneratedModule, WeftGeneratedSharedModule } from '../generated/module.js';
import { registerValidationChecks } from '../validation/weft-validator.js';
import { type WeftAddedServices, WeftModule, WeftSharedModule } from '../weft-module.js';
import { WeftCodeActionProvider } from './code-actions/weft-code-action-provider.js';
import { WeftCompletionProvider } from './completion/weft-completion-provider.js';
import { WeftFormatter } from './formatting/weft-formatter.js';
import { WeftHoverProvider } from './hover/weft-hover-provider.js';
import { WeftInlayHintProvider } from './weft-inlay-hint-provider.js';
import { WeftNodeKindProvider } from './weft-node-kind-provider.js';
import { WeftRenameProvider } from './weft-rename-provider.js';
import { WeftSemanticTokenProvider } from './weft-semantic-token-provider.js';
import { WeftSignatureHelpProvider } from './weft-signature-help-provider.js';
import { WeftWorkspaceManager } from './workspace/weft-workspace-manager.js';

/** The Weft services of the language server: the core services plus Langium's LSP services. */
export type WeftLspServices = LangiumServices & WeftAddedServices;

/** Weft's editor features, replacing Langium's LSP defaults. */
export const WeftLspModule: Module<WeftLspServices, PartialLangiumLSPServices> = {
    lsp: {
        CompletionProvider: (services) => new WeftCompletionProvider(services),
        HoverProvider: (services) => new WeftHoverProvider(services),
        Formatter: () => new WeftFormatter(),
        SemanticTokenProvider: (services) => new WeftSemanticTokenProvider(services),
        InlayHintProvider: (services) => new WeftInlayHintProvider(services),
        SignatureHelp: () => new WeftSignatureHelpProvider(),
        CodeActionProvider: (services) => new WeftCodeActionProvider(services),
        RenameProvider: (services) => new WeftRenameProvider(services),
    },
};

export const WeftSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        NodeKindProvider: () => new WeftNodeKindProvider(),
    },
    workspace: {
        WorkspaceManager: (shared) => new WeftWorkspaceManager(shared),
    },
};

/**
 * Creates the services of the Weft language server. The CLI keeps using `createWeftServices`
 * (core services only); this adds completion, hover, formatting and the other editor features,
 * and a workspace manager that follows imports into `node_modules`.
 */
export function createWeftLspServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Weft: WeftLspServices;
} {
    const shared = inject(createDefaultSharedModule(context), WeftGeneratedSharedModule, WeftSharedModule, WeftSharedLspModule);
    const Weft = inject(
        createDefaultModule({ shared }),
        WeftGeneratedModule,
        WeftModule as unknown as Module<WeftLspServices, DeepPartial<WeftLspServices>>,
        WeftLspModule,
    );
    shared.ServiceRegistry.register(Weft);
    registerValidationChecks(Weft);
    return { shared, Weft };
}

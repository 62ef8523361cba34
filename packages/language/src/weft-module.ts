import {
    type DeepPartial, type DefaultSharedCoreModuleContext, type LangiumCoreServices,
    type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices,
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
} from 'langium';
import { WeftBuiltins } from './builtins/weft-builtins.js';
import { ConstraintModel } from './constraints/constraint-model.js';
import { ConstraintSolver, type SolverSettings, defaultSolverTimeoutMilliseconds } from './constraints/constraint-solver.js';
import { WeftCommentProvider } from './documentation/weft-comment-provider.js';
import { WeftDocumentationProvider } from './documentation/weft-documentation-provider.js';
import { WeftGeneratedModule, WeftGeneratedSharedModule } from './generated/module.js';
import { WeftDocumentBuilder } from './incremental/weft-document-builder.js';
import { WeftDocumentFactory } from './incremental/weft-document-factory.js';
import { createWeftParser } from './parsing/weft-parser.js';
import { WeftTokenBuilder } from './parsing/weft-token-builder.js';
import { WeftValueConverter } from './helpers/weft-value-converter.js';
import { WeftIndexManager } from './scoping/weft-index-manager.js';
import { WeftLinker } from './scoping/weft-linker.js';
import { WeftAstNodeDescriptionProvider } from './scoping/weft-node-descriptions.js';
import { WeftReferenceDescriptionProvider } from './scoping/weft-reference-descriptions.js';
import { WeftScopeComputation } from './scoping/weft-scope-computation.js';
import { WeftScopeProvider } from './scoping/weft-scope-provider.js';
import { WeftTypeChecker } from './typing/type-checker.js';
import { WeftTypeComputer } from './typing/type-computer.js';
import { WeftDocumentValidator } from './validation/weft-document-validator.js';
import { WeftValidationRegistry } from './validation/weft-validation-registry.js';
import { registerValidationChecks, WeftValidator } from './validation/weft-validator.js';

/** Services Weft adds to Langium's. */
export type WeftAddedServices = {
    builtins: {
        Builtins: WeftBuiltins;
    };
    typing: {
        TypeComputer: WeftTypeComputer;
        TypeChecker: WeftTypeChecker;
    };
    constraints: {
        SolverSettings: SolverSettings;
        Solver: ConstraintSolver;
        Model: ConstraintModel;
    };
    validation: {
        WeftValidator: WeftValidator;
    };
};

export type WeftServices = LangiumCoreServices & WeftAddedServices;

/** Weft's services, and its replacements for Langium defaults. */
export const WeftModule: Module<WeftServices, PartialLangiumCoreServices & DeepPartial<WeftAddedServices>> = {
    builtins: {
        Builtins: (services) => new WeftBuiltins(services),
    },
    typing: {
        TypeComputer: (services) => new WeftTypeComputer(services),
        TypeChecker: (services) => new WeftTypeChecker(services),
    },
    constraints: {
        SolverSettings: () => ({ timeoutMilliseconds: defaultSolverTimeoutMilliseconds }),
        Solver: (services) => new ConstraintSolver(services.constraints.SolverSettings),
        Model: (services) => new ConstraintModel(services),
    },
    validation: {
        WeftValidator: (services) => new WeftValidator(services),
        DocumentValidator: (services) => new WeftDocumentValidator(services),
        ValidationRegistry: (services) => new WeftValidationRegistry(services),
    },
    parser: {
        ValueConverter: () => new WeftValueConverter(),
        TokenBuilder: () => new WeftTokenBuilder(),
        LangiumParser: (services) => createWeftParser(services),
    },
    references: {
        ScopeComputation: (services) => new WeftScopeComputation(services),
        ScopeProvider: (services) => new WeftScopeProvider(services),
        Linker: (services) => new WeftLinker(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new WeftReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: (services) => new WeftAstNodeDescriptionProvider(services),
    },
    documentation: {
        CommentProvider: (services) => new WeftCommentProvider(services),
        DocumentationProvider: (services) => new WeftDocumentationProvider(services),
    },
};

/**
 * Weft's replacements for Langium's shared services: an edit inside one declaration re-parses,
 * relinks and revalidates only what it affects (see `incremental/`), and references are
 * indexed only when asked for.
 */
export const WeftSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        LangiumDocumentFactory: (shared) => new WeftDocumentFactory(shared),
        DocumentBuilder: (shared) => new WeftDocumentBuilder(shared),
        IndexManager: (shared) => new WeftIndexManager(shared),
    },
};

/**
 * Creates the Weft language services. `context` gives the file system: `NodeFileSystem` for the
 * CLI and the language server, `EmptyFileSystem` in a browser or in tests.
 */
export function createWeftServices(context: DefaultSharedCoreModuleContext): {
    shared: LangiumSharedCoreServices;
    Weft: WeftServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), WeftGeneratedSharedModule, WeftSharedModule);
    const Weft = inject(createDefaultCoreModule({ shared }), WeftGeneratedModule, WeftModule);
    shared.ServiceRegistry.register(Weft);
    registerValidationChecks(Weft);
    return { shared, Weft };
}

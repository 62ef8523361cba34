import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';
import { builtinDeclarationChecks } from './builtin-declarations.js';
import { callChecks } from './calls.js';
import { implementationChecks } from './implementations.js';
import { memberChecks } from './members.js';
import { pipelineChecks } from './pipelines.js';
import { typeChecks } from './types.js';
import { importChecks } from './imports.js';
import { nameChecks } from './names.js';
import { versionChecks } from './versions.js';

/**
 * Registers every validation rule. Each rule is a small named function in a file of its
 * concern (`validation/<concern>.ts`); this table is the one place they are wired.
 */
export function registerValidationChecks(services: WeftServices): void {
    const registry = services.validation.ValidationRegistry;
    const checks: ValidationChecks<WeftAstType> = {};
    registry.register(checks, services.validation.WeftValidator);
    registry.register(nameChecks, services.validation.WeftValidator);
    registry.register(importChecks, services.validation.WeftValidator);
    registry.register(versionChecks, services.validation.WeftValidator);
    registry.register(callChecks, services.validation.WeftValidator);
    registry.register(pipelineChecks, services.validation.WeftValidator);
    registry.register(memberChecks, services.validation.WeftValidator);
    registry.register(implementationChecks, services.validation.WeftValidator);
    registry.register(builtinDeclarationChecks, services.validation.WeftValidator);
    registry.register(typeChecks, services.validation.WeftValidator);
}

/** Holds the services that rules need; rules receive it as `this`. */
export class WeftValidator {
    constructor(readonly services: WeftServices) {}
}

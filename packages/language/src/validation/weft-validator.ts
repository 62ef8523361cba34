import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import type { WeftServices } from '../weft-module.js';

/**
 * Registers every validation rule. Each rule is a small named function in a file of its
 * concern (`validation/<concern>.ts`); this table is the one place they are wired.
 */
export function registerValidationChecks(services: WeftServices): void {
    const registry = services.validation.ValidationRegistry;
    const checks: ValidationChecks<WeftAstType> = {};
    registry.register(checks, services.validation.WeftValidator);
}

/** Holds the services that rules need; rules receive it as `this`. */
export class WeftValidator {
    constructor(readonly services: WeftServices) {}
}

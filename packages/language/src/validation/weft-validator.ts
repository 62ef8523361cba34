import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import { constraintChecks } from '../constraints/constraint-checks.js';
import type { WeftServices } from '../weft-module.js';
import { builtinDeclarationChecks } from './builtin-declarations.js';
import { callChecks } from './calls.js';
import { implementationChecks } from './implementations.js';
import { importChecks } from './imports.js';
import { memberChecks } from './members.js';
import { nameChecks } from './names.js';
import { pipelineChecks } from './pipelines.js';
import { typeChecks } from './types.js';
import { versionChecks } from './versions.js';

/**
 * Every rule set, one per concern (`validation/<concern>.ts`, each rule a small named function
 * with its code beside it). This table is the one place they are wired.
 */
const ruleSets: readonly ValidationChecks<WeftAstType>[] = [
    builtinDeclarationChecks,
    nameChecks,
    importChecks,
    versionChecks,
    callChecks,
    pipelineChecks,
    memberChecks,
    implementationChecks,
    typeChecks,
];

export function registerValidationChecks(services: WeftServices): void {
    const registry = services.validation.ValidationRegistry;
    for (const rules of ruleSets) registry.register(rules, services.validation.WeftValidator);
    registry.register(constraintChecks, services.validation.WeftValidator, 'slow');
}

/** Holds the services that rules need; rules receive it as `this`. */
export class WeftValidator {
    constructor(readonly services: WeftServices) {}
}

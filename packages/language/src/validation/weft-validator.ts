import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import { constraintChecks } from '../constraints/constraint-checks.js';
import type { WeftServices } from '../weft-module.js';
import { builtinDeclarationChecks } from './builtin-declarations.js';
import { callChecks } from './calls.js';
import { errorEdgeChecks } from './error-edges.js';
import { commandChecks } from './commands.js';
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
    errorEdgeChecks,
    memberChecks,
    implementationChecks,
    commandChecks,
    typeChecks,
];

export function registerValidationChecks(services: WeftServices): void {
    const registry = services.validation.ValidationRegistry;
    for (const rules of ruleSets) registry.register(rules, services.validation.WeftValidator);
    registry.register(constraintChecks, services.validation.WeftValidator, 'slow');
}

/**
 * Holds the services that rules need; rules receive it as `this`. Its `services` resolve each
 * group and service once and are plain properties after: Langium's container is a Proxy whose
 * every read (`services.typing.TypeComputer` is two) goes through its traps, and the rules of a
 * 1,000-step file read services hundreds of thousands of times.
 */
export class WeftValidator {
    readonly services: WeftServices;

    constructor(services: WeftServices) {
        this.services = resolvedOnce(services, serviceGroups);
    }
}

/** The groups of services whose services rules read (`services.typing.TypeComputer`). */
const serviceGroups: ReadonlySet<PropertyKey> = new Set(['typing', 'constraints', 'builtins', 'shared', 'references', 'workspace', 'validation']);

/**
 * A view of a service container whose properties are read from it once, on first use; those
 * named in `groups` are groups of services, viewed the same way.
 */
function resolvedOnce<T extends object>(container: T, groups: ReadonlySet<PropertyKey> = new Set()): T {
    const view = {} as T;
    for (const key of Reflect.ownKeys(container)) {
        Object.defineProperty(view, key, {
            configurable: true,
            enumerable: true,
            get() {
                const value: unknown = Reflect.get(container, key);
                const resolved = groups.has(key) && typeof value === 'object' && value !== null ? resolvedOnce(value) : value;
                Object.defineProperty(view, key, { value: resolved, enumerable: true });
                return resolved;
            },
        });
    }
    return view;
}

import type { Argument, FunctionCall, Parameter, StepCall } from '../generated/ast.js';
import { isBuiltinFunction } from '../generated/ast.js';

/**
 * How the arguments of a call line up with the callee's parameters: positional arguments
 * first, in order, then named ones. Used by the call rules (missing, unknown, duplicate and
 * too many arguments) and by the type computer (each argument's expected type).
 */
export interface ArgumentMatch {
    /** Each parameter that received an argument, with the (first) argument it received. */
    readonly bound: ReadonlyMap<Parameter, Argument>;
    /** Parameters without an argument and without a default. */
    readonly missing: readonly Parameter[];
    /** Named arguments that name no parameter. */
    readonly unknown: readonly Argument[];
    /** Arguments for a parameter that already received one (by position or by name). */
    readonly duplicates: readonly Argument[];
    /** Positional arguments past the last parameter. */
    readonly extra: readonly Argument[];
}

export function matchArguments(parameters: readonly Parameter[], args: readonly Argument[]): ArgumentMatch {
    const bound = new Map<Parameter, Argument>();
    const unknown: Argument[] = [];
    const duplicates: Argument[] = [];
    const extra: Argument[] = [];
    let position = 0;
    for (const argument of args) {
        if (argument.name === undefined) {
            const parameter = parameters[position++];
            if (parameter === undefined) extra.push(argument);
            else if (bound.has(parameter)) duplicates.push(argument);
            else bound.set(parameter, argument);
            continue;
        }
        const parameter = parameters.find(candidate => candidate.name === argument.name);
        if (parameter === undefined) unknown.push(argument);
        else if (bound.has(parameter)) duplicates.push(argument);
        else bound.set(parameter, argument);
    }
    const missing = parameters.filter(parameter => !bound.has(parameter) && parameter.default === undefined);
    return { bound, missing, unknown, duplicates, extra };
}

/** The parameters of whatever a step call or function call calls; empty when unresolved. */
export function parametersOf(call: StepCall | FunctionCall): readonly Parameter[] {
    if (call.$type === 'StepCall') return call.callee?.ref?.parameters ?? [];
    const callee = call.callee;
    if (callee.$type === 'NameReference') {
        const target = callee.target?.ref;
        if (isBuiltinFunction(target)) return target.parameters;
    }
    return [];
}

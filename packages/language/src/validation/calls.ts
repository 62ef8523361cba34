import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Argument, FunctionCall, Parameter, StepCall, WeftAstType } from '../generated/ast.js';
import { isBuiltinFunction, isNameReference, isPipelineDeclaration, isStepDeclaration } from '../generated/ast.js';
import { type ArgumentMatch, matchArguments } from '../helpers/call-arguments.js';
import { didYouMean } from '../helpers/closest-name.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * Rules for the arguments of calls: step and pipeline calls (`let x = train(…)`,
 * `for v in xs => embed(v)`) and built-in function calls (`min(a, b)`). A call whose callee
 * did not resolve is left alone: `unknown-reference` already explains it.
 */

export const CODE_MISSING_ARGUMENT = DiagnosticCode.MissingArgument;
export const CODE_UNKNOWN_ARGUMENT = DiagnosticCode.UnknownArgument;
export const CODE_DUPLICATE_ARGUMENT = DiagnosticCode.DuplicateArgument;
export const CODE_TOO_MANY_ARGUMENTS = DiagnosticCode.TooManyArguments;
export const CODE_POSITIONAL_AFTER_NAMED = DiagnosticCode.SyntaxError;

/** What a call calls, as the rules need it: a name for messages and the parameters. */
export interface ResolvedCall {
    readonly calleeName: string;
    readonly parameters: readonly Parameter[];
    readonly arguments: readonly Argument[];
    readonly match: ArgumentMatch;
    /** Where a diagnostic about the whole call goes: the callee's name. */
    readonly report: (accept: ValidationAcceptor, code: DiagnosticCode, message: string) => void;
}

function resolveStepCall(call: StepCall): ResolvedCall | undefined {
    const callee = call.callee?.ref;
    // Only steps and pipelines are callable; a name that resolved to anything else is reported elsewhere.
    if (!isStepDeclaration(callee) && !isPipelineDeclaration(callee)) return undefined;
    return {
        calleeName: `${callee.$type === 'PipelineDeclaration' ? 'pipeline' : 'step'} \`${callee.name}\``,
        parameters: callee.parameters ?? [],
        arguments: call.arguments ?? [],
        match: matchArguments(callee.parameters ?? [], call.arguments ?? []),
        report: (accept, code, message) => accept('error', message, { node: call, property: 'callee', code }),
    };
}

function resolveFunctionCall(call: FunctionCall): ResolvedCall | undefined {
    const callee = call.callee;
    if (!isNameReference(callee)) return undefined;
    const target = callee.target?.ref;
    if (!isBuiltinFunction(target)) return undefined;
    return {
        calleeName: `function \`${target.name}\``,
        parameters: target.parameters ?? [],
        arguments: call.arguments ?? [],
        match: matchArguments(target.parameters ?? [], call.arguments ?? []),
        report: (accept, code, message) => accept('error', message, { node: callee, code }),
    };
}

/** `train(data: t)` when `train` also needs `lr`: names every missing parameter with its type. */
export function callMustBindEveryRequiredParameter(call: ResolvedCall, accept: ValidationAcceptor): void {
    const { missing } = call.match;
    if (missing.length === 0) return;
    const listed = missing.map(parameter => `\`${parameter.name}: ${typeText(parameter)}\``).join(', ');
    const noun = missing.length === 1 ? 'argument' : 'arguments';
    call.report(accept, CODE_MISSING_ARGUMENT, `${capitalize(call.calleeName)} is missing the ${noun} ${listed}; pass ${missing.length === 1 ? 'it' : 'them'} by position or by name.`);
}

/** `train(lrate: 0.1)` when `train` has no parameter `lrate`. */
export function namedArgumentsMustNameParameters(call: ResolvedCall, accept: ValidationAcceptor): void {
    const { unknown } = call.match;
    const names = call.parameters.map(parameter => parameter.name);
    for (const argument of unknown) {
        const known = names.length === 0 ? 'it takes no parameters' : `its parameters are ${names.map(name => `\`${name}\``).join(', ')}`;
        accept('error', `${capitalize(call.calleeName)} has no parameter \`${argument.name}\`; ${known}.${didYouMean(argument.name ?? '', names)}`,
            { node: argument, property: 'name', code: CODE_UNKNOWN_ARGUMENT });
    }
}

/** `train(t, data: t)`: a parameter that gets two arguments, by position or by name. */
export function parametersMustNotBeBoundTwice(call: ResolvedCall, accept: ValidationAcceptor): void {
    const { duplicates } = call.match;
    for (const argument of duplicates) {
        const parameter = parameterOf(call, argument);
        const name = parameter === undefined ? 'this parameter' : `\`${parameter.name}\``;
        accept('error', `Parameter ${name} of ${call.calleeName} already has an argument; remove one of them.`,
            argument.name === undefined ? { node: argument, code: CODE_DUPLICATE_ARGUMENT } : { node: argument, property: 'name', code: CODE_DUPLICATE_ARGUMENT });
    }
}

/** `evaluate(m, t, 3)` when `evaluate` takes two parameters. */
export function callMustNotPassTooManyArguments(call: ResolvedCall, accept: ValidationAcceptor): void {
    const { extra } = call.match;
    if (extra.length === 0) return;
    const positional = call.arguments.filter(argument => argument.name === undefined).length;
    const takes = call.parameters.length === 0 ? 'takes no arguments' : `takes ${call.parameters.length} argument${call.parameters.length === 1 ? '' : 's'}`;
    for (const argument of extra) {
        accept('error', `${capitalize(call.calleeName)} ${takes}, but ${positional} ${positional === 1 ? 'was' : 'were'} given by position; remove this one.`,
            { node: argument, code: CODE_TOO_MANY_ARGUMENTS });
    }
}

/** `train(lr: 0.1, t)`: positional arguments come first, as docs/language.md §6 says. */
export function positionalArgumentsMustComeFirst(args: readonly Argument[], accept: ValidationAcceptor): void {
    for (const argument of positionalArgumentsAfterNamed(args)) {
        accept('error', 'A positional argument cannot follow a named one: put positional arguments first, or name this one too.',
            { node: argument, code: CODE_POSITIONAL_AFTER_NAMED });
    }
}

function positionalArgumentsAfterNamed(args: readonly Argument[]): Argument[] {
    const firstNamed = args.findIndex(argument => argument.name !== undefined);
    return firstNamed < 0 ? [] : args.slice(firstNamed).filter(argument => argument.name === undefined);
}

const callRules = [
    callMustBindEveryRequiredParameter,
    namedArgumentsMustNameParameters,
    parametersMustNotBeBoundTwice,
    callMustNotPassTooManyArguments,
];

/** Checks a call's arguments; when their order is wrong, which parameter each binds is a guess, so only the order is reported. */
function checkCall(args: readonly Argument[], resolved: ResolvedCall | undefined, accept: ValidationAcceptor): void {
    positionalArgumentsMustComeFirst(args, accept);
    if (resolved === undefined || positionalArgumentsAfterNamed(args).length > 0) return;
    callRules.forEach(rule => rule(resolved, accept));
}

export const callChecks: ValidationChecks<WeftAstType> = {
    StepCall: (call, accept) => checkCall(call.arguments ?? [], resolveStepCall(call), accept),
    FunctionCall: (call, accept) => checkCall(call.arguments ?? [], resolveFunctionCall(call), accept),
};

function parameterOf(call: ResolvedCall, argument: Argument): Parameter | undefined {
    if (argument.name !== undefined) return call.parameters.find(parameter => parameter.name === argument.name);
    const position = call.arguments.filter(candidate => candidate.name === undefined).indexOf(argument);
    return call.parameters[position];
}

/** A parameter's type as the user wrote it. */
function typeText(parameter: Parameter): string {
    return parameter.type?.$cstNode?.text.replace(/\s+/g, ' ') ?? '?';
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

import type { AstNode } from 'langium';
import type { PlanImplementation } from '@weft/contract';
import type { StepDeclaration, WeftFile } from '../generated/ast.js';
import type { WeftTypeComputer } from '../typing/type-computer.js';
import { commandArgumentsOf, commandEntryOf } from '../helpers/command-entry.js';
import { type ImplementationLanguage, isMalformedRunReference, parseRunReference, runEntryOf, runStringOf } from '../helpers/run-reference.js';
import { contractHash } from './contract-hash.js';
import { dirnameOf, joinPaths } from './output-paths.js';

/** The contract hash of a step, from the types the checker computed for its parameters and outputs. */
export function contractHashOf(step: StepDeclaration, typeComputer: WeftTypeComputer): string {
    return contractHash({
        step: step.name,
        inputs: step.parameters.map(parameter => ({
            name: parameter.name,
            type: typeComputer.computeType(parameter),
            hasDefault: parameter.default !== undefined,
        })),
        outputs: step.outputs.map(output => ({ name: output.name, type: typeComputer.computeType(output) })),
    });
}

/**
 * The module and export that implement a step: the `run` path made relative to the root of
 * generation (the `.weft` file is at `sourcePath`). Empty for a step without a valid `run`.
 */
export function implementationOf(step: StepDeclaration, sourcePath: string): { module: string; export: string } {
    const entry = runEntryOf(step);
    const literal = entry && runStringOf(entry);
    const reference = literal ? parseRunReference(literal.value) : undefined;
    if (reference === undefined || isMalformedRunReference(reference)) return { module: '', export: '' };
    return { module: joinPaths(dirnameOf(sourcePath), reference.path), export: reference.exportName };
}

/**
 * The implementation as the plan records it: a function with the language it is written in, or
 * a command (when the step has `command` and no `run`) with the folder it runs in.
 */
export function planImplementationOf(step: StepDeclaration, sourcePath: string): PlanImplementation {
    const command = commandOf(step);
    if (command !== undefined && runEntryOf(step) === undefined) return { command, directory: dirnameOf(sourcePath) || '.' };
    return { ...implementationOf(step, sourcePath), language: implementationLanguageOfStep(step) };
}

/** The strings of the step's `command`, when it has a well-formed one. */
export function commandOf(step: StepDeclaration): string[] | undefined {
    const entry = commandEntryOf(step);
    return entry && commandArgumentsOf(entry);
}

/** `python` for a step whose `run` names a `.py` file; `typescript` otherwise (also without a valid `run`). */
export function implementationLanguageOfStep(step: StepDeclaration): ImplementationLanguage {
    const entry = runEntryOf(step);
    const literal = entry && runStringOf(entry);
    const reference = literal ? parseRunReference(literal.value) : undefined;
    return reference === undefined || isMalformedRunReference(reference) ? 'typescript' : reference.language;
}

/** The Weft module (`module examples.text …`) that declares `node`, when its file has a header. */
export function moduleNameOf(node: AstNode): string | undefined {
    let root: AstNode = node;
    while (root.$container !== undefined) root = root.$container;
    return (root as WeftFile).header?.name;
}

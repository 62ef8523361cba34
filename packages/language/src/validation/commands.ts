import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Entry, StepDeclaration, WeftAstType } from '../generated/ast.js';
import { isListLiteral, isStepDeclaration, isStringLiteral } from '../generated/ast.js';
import { commandEntryOf } from '../helpers/command-entry.js';
import { isFreeMembers, membersOfContainer } from '../helpers/member-lookup.js';
import { runEntryOf } from '../helpers/run-reference.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * A step runs either a function (`run`) or a command (`command: ["python3", "train.py"]`): not
 * both, and a command is a non-empty list of string literals (nothing is interpolated; inputs
 * travel through files). `command` stands only in a step itself. A value that is not a list at
 * all is `invalid-member` (validation/types-members.ts).
 */

export const CODE_RUN_AND_COMMAND = DiagnosticCode.RunAndCommand;
export const CODE_EMPTY_COMMAND = DiagnosticCode.EmptyCommand;
export const CODE_COMMAND_NOT_A_STRING = DiagnosticCode.CommandNotAString;
export const CODE_MISPLACED_COMMAND = DiagnosticCode.MisplacedCommand;

/** `run: "./steps.ts#train"` and `command: [...]` in one step. */
export function stepMustNotHaveRunAndCommand(step: StepDeclaration, accept: ValidationAcceptor): void {
    const command = commandEntryOf(step);
    if (command === undefined || runEntryOf(step) === undefined) return;
    accept('error', `Step \`${step.name}\` has both \`run\` and \`command\`: a step runs either a function (\`run\`) or a command (\`command\`); keep one.`,
        { node: command, property: 'key', code: CODE_RUN_AND_COMMAND });
}

/** `command: []` or `command: ["", "x"]`: nothing to run. */
export function commandMustNameAnExecutable(step: StepDeclaration, accept: ValidationAcceptor): void {
    const value = commandEntryOf(step)?.value;
    if (!isListLiteral(value)) return;
    if (value.elements.length === 0) {
        accept('error', 'The `command` is empty: give the executable and its arguments, e.g. `["python3", "-m", "mypkg.train"]`.',
            { node: value, code: CODE_EMPTY_COMMAND });
        return;
    }
    const first = value.elements[0];
    if (isStringLiteral(first) && typeof first.value === 'string' && first.value.trim() === '') {
        accept('error', 'The first element of `command` is the executable, and it is empty.', { node: first, code: CODE_EMPTY_COMMAND });
    }
}

/** `command: ["python3", lr]` or `["sleep", 5]`: every element is a string written out. */
export function commandElementsMustBeStrings(step: StepDeclaration, accept: ValidationAcceptor): void {
    const value = commandEntryOf(step)?.value;
    if (!isListLiteral(value)) return;
    for (const element of value.elements) {
        if (isStringLiteral(element)) continue;
        accept('error', `Every element of \`command\` is a string literal, written out: ${element.$cstNode?.text ?? 'this'} is not. `
            + 'Nothing is interpolated into a command; it reads the step\'s inputs from `in/inputs.json` (`WEFT_INPUTS`).',
            { node: element, code: CODE_COMMAND_NOT_A_STRING });
    }
}

/**
 * `command` in a pipeline, a target, a `with` block or a nested block: only a step runs a
 * command. Blocks of the user's own keys (`labels`) and unknown blocks are not judged here.
 */
export function commandMustStandInAStep(entry: Entry, accept: ValidationAcceptor): void {
    if (entry.key !== 'command' || isStepDeclaration(entry.$container)) return;
    const members = membersOfContainer(entry.$container);
    if (members === undefined || isFreeMembers(members)) return;
    accept('error', '`command` belongs to a step (`step name(…) -> (…) { command: ["…"] }`): only a step runs a command.',
        { node: entry, property: 'key', code: CODE_MISPLACED_COMMAND });
}

export const commandChecks: ValidationChecks<WeftAstType> = {
    StepDeclaration: [stepMustNotHaveRunAndCommand, commandMustNameAnExecutable, commandElementsMustBeStrings],
    Entry: commandMustStandInAStep,
};

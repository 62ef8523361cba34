import type { Entry, StepDeclaration } from '../generated/ast.js';
import { isEntry, isListLiteral, isStringLiteral } from '../generated/ast.js';

/**
 * A step's `command` member: `command: ["python3", "-m", "mypkg.train"]`, the executable and
 * its arguments, each a string literal. Nothing is interpolated into them: the step's inputs
 * reach the command through `in/inputs.json` (docs/runtime.md, "File protocol for command steps").
 */

/** The step's first `command: …` entry, if it has one. */
export function commandEntryOf(step: StepDeclaration): Entry | undefined {
    return step.members?.find((member): member is Entry => isEntry(member) && member.key === 'command');
}

/** The strings of a `command: [...]` entry; `undefined` unless it is a list of string literals. */
export function commandArgumentsOf(entry: Entry): string[] | undefined {
    if (!isListLiteral(entry.value)) return undefined;
    const strings: string[] = [];
    for (const element of entry.value.elements) {
        if (!isStringLiteral(element) || typeof element.value !== 'string') return undefined;
        strings.push(element.value);
    }
    return strings;
}

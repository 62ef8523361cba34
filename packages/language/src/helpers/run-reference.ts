import type { Entry, StepDeclaration, StringLiteral } from '../generated/ast.js';
import { isEntry, isStringLiteral } from '../generated/ast.js';
import { loneSurrogateProblem } from './lone-surrogates.js';
import { PYTHON_NAME } from './python-functions.js';

/**
 * A step's `run` member: `"./steps/train.ts#train"` names a module (relative to the `.weft`
 * file) and one of its exports; `"./steps/train.py#train"` a Python file and one of its
 * top-level functions.
 */
export interface RunReference {
    readonly path: string;
    readonly exportName: string;
    readonly language: ImplementationLanguage;
}

/** What a step's implementation is written in, told by the extension of its file. */
export type ImplementationLanguage = 'typescript' | 'python';

export function implementationLanguageOf(path: string): ImplementationLanguage {
    return path.endsWith('.py') ? 'python' : 'typescript';
}

/** Why a `run` string is not of the form `path#export`. */
export interface MalformedRunReference {
    readonly problem: string;
}

const EXPORT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function parseRunReference(text: string): RunReference | MalformedRunReference {
    const hash = text.indexOf('#');
    if (hash < 0) return { problem: 'it names no export: add `#` and the exported function, e.g. `"./steps.ts#train"`' };
    if (text.indexOf('#', hash + 1) >= 0) return { problem: 'it has more than one `#`' };
    const path = text.slice(0, hash).trim();
    const exportName = text.slice(hash + 1).trim();
    if (path === '') return { problem: 'the file before `#` is empty' };
    const unnameable = loneSurrogateProblem(path);
    if (unnameable !== undefined) return { problem: `the file before \`#\` ${unnameable}` };
    if (exportName === '') return { problem: 'the export after `#` is empty' };
    const language = implementationLanguageOf(path);
    if (language === 'python') {
        if (!PYTHON_NAME.test(exportName)) return { problem: `\`${exportName}\` is not a Python function name` };
    } else if (!EXPORT_NAME.test(exportName)) {
        return { problem: `\`${exportName}\` is not a JavaScript export name` };
    }
    return { path, exportName, language };
}

export function isMalformedRunReference(reference: RunReference | MalformedRunReference): reference is MalformedRunReference {
    return 'problem' in reference;
}

/** The step's first `run: …` entry, if it has one. */
export function runEntryOf(step: StepDeclaration): Entry | undefined {
    return step.members?.find((member): member is Entry => isEntry(member) && member.key === 'run');
}

/** The string of a `run: "…"` entry; `undefined` when the value is not a string literal. */
export function runStringOf(entry: Entry): StringLiteral | undefined {
    return isStringLiteral(entry.value) && typeof entry.value.value === 'string' ? entry.value : undefined;
}

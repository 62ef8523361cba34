import { AstUtils, EmptyFileSystemProvider, type URI, UriUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { StepDeclaration, WeftAstType, WeftFile } from '../generated/ast.js';
import { isStepDeclaration } from '../generated/ast.js';
import { didYouMean } from '../helpers/closest-name.js';
import { ImplementationLookup } from '../helpers/implementation-lookup.js';
import { initModuleLexer } from '../helpers/module-exports.js';
import { isMalformedRunReference, parseRunReference, runEntryOf, runStringOf } from '../helpers/run-reference.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import type { WeftValidator } from './weft-validator.js';

/**
 * Every step names the function that implements it: a TypeScript export
 * (`run: "./steps.ts#train"`) or a top-level Python function (`run: "./steps/train.py#train"`),
 * and that file and function exist. Files are read through Langium's FileSystemProvider so that
 * the CLI and the language server see the same; without a file system (a browser) the disk
 * check is skipped.
 */

export const CODE_MISSING_RUN = DiagnosticCode.MissingRun;
export const CODE_IMPL_NOT_FOUND = DiagnosticCode.ImplNotFound;
/** A `run` string that is not `path#export` is a malformed member value. */
export const CODE_MALFORMED_RUN = DiagnosticCode.InvalidMember;

/** `step train(…) { image: "…" }` with neither `run` nor `command`. */
export function stepMustHaveRun(step: StepDeclaration, accept: ValidationAcceptor): void {
    // A `run { … }` block is a badly shaped `run`, which invalid-member reports.
    if (step.members?.some(member => member.$type !== 'WhereClause' && (member.key === 'run' || member.key === 'command'))) return;
    // `step {`: a step without a name is a syntax error already, and "Step `undefined`" helps no one.
    if (!step.name) return;
    accept('error', `Step \`${step.name}\` has no \`run\` member: add \`run: "./path.ts#export"\` naming the TypeScript function that implements it, `
        + 'or `command: ["executable", "argument"]` for a command that speaks the file protocol.',
        { node: step, property: 'name', code: CODE_MISSING_RUN });
}

/** `run: "./steps.ts"` (no export) or `run: "#train"` (no file). */
export function runMustNamePathAndExport(step: StepDeclaration, accept: ValidationAcceptor): void {
    const entry = runEntryOf(step);
    const literal = entry && runStringOf(entry);
    if (literal === undefined) return;
    const reference = parseRunReference(literal.value);
    if (!isMalformedRunReference(reference)) return;
    accept('error', `\`run\` must be "./path.ts#export", but ${reference.problem}.`, { node: literal, code: CODE_MALFORMED_RUN });
}

/**
 * The file that `run` names exists (relative to the `.weft` file) and exports the name. One
 * check per file, not per step, so that each implementation file is read once per validation.
 */
export async function implementationsMustExist(this: WeftValidator, file: WeftFile, accept: ValidationAcceptor): Promise<void> {
    const fileSystem = this.services.shared.workspace.FileSystemProvider;
    if (fileSystem instanceof EmptyFileSystemProvider) return;
    const document = AstUtils.getDocument(file);
    // Relative paths mean nothing for an unsaved (`untitled:`) or virtual document.
    if (document.uri.scheme !== 'file') return;
    const runs = (file.declarations ?? []).filter(isStepDeclaration).flatMap(step => {
        const entry = runEntryOf(step);
        const literal = entry && runStringOf(entry);
        const reference = literal && parseRunReference(literal.value);
        return literal && reference && !isMalformedRunReference(reference) ? [{ literal, reference }] : [];
    });
    if (runs.length === 0) return;
    await initModuleLexer();
    const lookup = new ImplementationLookup(fileSystem);
    const folder = UriUtils.dirname(document.uri);
    for (const { literal, reference } of runs) {
        const implementation = UriUtils.resolvePath(folder, reference.path);
        const status = lookup.find(implementation, reference.exportName);
        const shown = `\`${reference.path}\``;
        switch (status.kind) {
            case 'found':
            case 'undecidable':
                break;
            case 'missing-file': {
                const sibling = siblingImplementation(lookup, folder, reference.path, reference.exportName);
                const advice = sibling ?? '; create it or fix the path before `#`.';
                accept('error', `The implementation file ${shown} does not exist (looked for ${status.file.fsPath})${advice}`,
                    { node: literal, code: CODE_IMPL_NOT_FOUND });
                break;
            }
            case 'unreadable-file':
                accept('error', `The implementation file ${shown} cannot be read: ${status.reason}.`,
                    { node: literal, code: CODE_IMPL_NOT_FOUND });
                break;
            case 'missing-export': {
                if (reference.language === 'python') {
                    const has = status.exports.length === 0 ? 'it defines no top-level function' : `it defines ${status.exports.map(name => `\`${name}\``).join(', ')}`;
                    accept('error', `${shown} has no top-level function \`${reference.exportName}\` (\`def ${reference.exportName}(\` at the start of a line); ${has}.${didYouMean(reference.exportName, status.exports)}`,
                        { node: literal, code: CODE_IMPL_NOT_FOUND });
                    break;
                }
                const what = status.typeOnly
                    ? `exports \`${reference.exportName}\` only as a type, but \`run\` needs a function`
                    : `has no export \`${reference.exportName}\``;
                const has = status.exports.length === 0 ? 'it exports nothing' : `it exports ${status.exports.map(name => `\`${name}\``).join(', ')}`;
                accept('error', `${shown} ${what}; ${has}.${didYouMean(reference.exportName, status.exports)}`,
                    { node: literal, code: CODE_IMPL_NOT_FOUND });
                break;
            }
        }
    }
}

/** `.js` ↔ `.ts` (and the `m`/`c` variants): the slip of naming the compiled file for its source, or the reverse. */
const counterparts: Readonly<Record<string, string>> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts', '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs' };

/**
 * The rest of the message when `run` names a file that does not exist but its counterpart does
 * (`./steps/train.js` for `./steps/train.ts`): the `run` to write, or what that file lacks.
 */
function siblingImplementation(lookup: ImplementationLookup, folder: URI, path: string, exportName: string): string | undefined {
    const extension = /\.[cm]?[jt]s$/.exec(path)?.[0];
    const other = extension === undefined ? undefined : counterparts[extension];
    if (extension === undefined || other === undefined) return undefined;
    const alternative = path.slice(0, -extension.length) + other;
    const status = lookup.find(UriUtils.resolvePath(folder, alternative), exportName);
    switch (status.kind) {
        case 'found':
        case 'undecidable':
            return `, but \`${alternative}\` does: write \`run: "${alternative}#${exportName}"\`.`;
        case 'missing-export': {
            const has = status.exports.length === 0 ? 'it exports nothing' : `it exports ${status.exports.map(name => `\`${name}\``).join(', ')}`;
            return `, but \`${alternative}\` does, without an export \`${exportName}\` (${has}).${didYouMean(exportName, status.exports)}`;
        }
        default:
            return undefined;
    }
}

export const implementationChecks: ValidationChecks<WeftAstType> = {
    StepDeclaration: [stepMustHaveRun, runMustNamePathAndExport],
    WeftFile: implementationsMustExist,
};

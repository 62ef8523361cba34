import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DocumentState, type LangiumDocument } from 'langium';
import type { WeftServices } from '@weft/language';
import { isBuiltinUri } from '@weft/language/builtins';
import { createWeftNodeServices, disposeZ3, loadWorkspace, UnreadablePathError, type LoadedWorkspace } from '@weft/language/node';
import { UserError } from '../../errors.js';
import { compareCheckDiagnostics, displayPath, toCheckDiagnostic, type CheckDiagnostic } from './check-diagnostic.js';
import { staleGeneratedDiagnostics } from './stale-generated.js';

export interface CheckOptions {
    /** The folder that relative paths start from, in the input and in the report. */
    readonly cwd: string;
    /** Files and folders (searched recursively); `['.']` when empty. */
    readonly paths: readonly string[];
    /** Told how many files are being checked once they are parsed, before linking and validation. */
    readonly onFilesParsed?: (fileCount: number) => void;
    /** The Z3 budget of one constraint check (default: 2000 ms). */
    readonly solverTimeoutMilliseconds?: number;
}

export interface CheckReport {
    /** Every checked file (relative to `cwd`): the ones found at the paths and those their imports reach. */
    readonly files: readonly string[];
    /** All diagnostics of those files, sorted by file, line and column. */
    readonly diagnostics: readonly CheckDiagnostic[];
}

/**
 * Checks the Weft files at `paths` and every file their imports reach, and returns what was
 * found, with warnings for generated contracts that are out of date (./stale-generated.ts). Throws a {@link UserError} for a path that is missing or unreadable, a file that is not
 * a `.weft` file, or paths that hold no `.weft` file.
 */
export async function check(options: CheckOptions): Promise<CheckReport> {
    const given = options.paths.length > 0 ? options.paths : ['.'];
    // The loader reports absolute paths; errors show them as the user wrote them.
    const spelling = new Map(given.map(original => [path.resolve(options.cwd, original), original]));
    await rejectOtherFiles(spelling);
    const services = createWeftNodeServices();
    if (options.solverTimeoutMilliseconds !== undefined) {
        services.constraints.SolverSettings.timeoutMilliseconds = options.solverTimeoutMilliseconds;
    }
    const onFilesParsed = options.onFilesParsed;
    if (onFilesParsed) {
        services.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, documents => {
            onFilesParsed(documents.filter(isUserDocument).length);
        });
    }
    let workspace;
    try {
        workspace = await loadUserWorkspace([...spelling.keys()], file => spelling.get(file) ?? relativeTo(options.cwd, file), services);
    } finally {
        // Z3's worker threads would keep the process alive a while; a later check starts a new Z3.
        await disposeZ3();
    }
    if (workspace.roots.length === 0) {
        throw new UserError(`no .weft files in ${given.join(', ')}`);
    }
    const documents = workspace.documents.filter(isUserDocument);
    const diagnostics: CheckDiagnostic[] = [];
    for (const document of documents) {
        const file = displayPath(document, options.cwd);
        for (const diagnostic of document.diagnostics ?? []) {
            diagnostics.push(toCheckDiagnostic(file, diagnostic));
        }
    }
    // Generated contracts can be compared only with what clean files generate.
    if (!diagnostics.some(diagnostic => diagnostic.severity === 'error')) diagnostics.push(...await staleGeneratedDiagnostics(workspace, options.cwd));
    return {
        files: documents.map(document => displayPath(document, options.cwd)).sort(),
        diagnostics: diagnostics.sort(compareCheckDiagnostics),
    };
}

/** Loads the workspace, turning file-system failures on the user's paths into user errors. */
async function loadUserWorkspace(paths: readonly string[], show: (file: string) => string, services: WeftServices): Promise<LoadedWorkspace> {
    try {
        return await loadWorkspace(paths, services);
    } catch (error) {
        if (error instanceof UnreadablePathError) {
            throw new UserError(`cannot read ${show(error.path)}: ${error.reason}`, { cause: error });
        }
        if (isFileSystemError(error)) {
            // A file that vanished or became unreadable between the search and the read.
            throw new UserError(`cannot read ${show(error.path)}: ${error.code}`, { cause: error });
        }
        throw error;
    }
}

/** Only `.weft` files can be checked; naming another file (say a step's `.ts`) is a usage error. */
async function rejectOtherFiles(spelling: ReadonlyMap<string, string>): Promise<void> {
    for (const [file, given] of spelling) {
        if (file.endsWith('.weft')) continue;
        const stat = await fs.stat(file).catch(() => undefined);
        // Missing paths are reported by the loader, folders are searched.
        if (stat?.isFile()) throw new UserError(`${given} is not a .weft file`);
    }
}

/** The built-in library's diagnostics are never the user's. */
function isUserDocument(document: LangiumDocument): boolean {
    return !isBuiltinUri(document.uri);
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { path: string; code: string } {
    const candidate = error as NodeJS.ErrnoException | undefined;
    return typeof candidate?.path === 'string' && typeof candidate.code === 'string' && candidate.code.startsWith('E');
}

function relativeTo(cwd: string, file: string): string {
    return path.isAbsolute(file) ? path.relative(cwd, file) || '.' : file;
}

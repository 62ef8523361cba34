import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import { DiagnosticCode, generatePython, generateTypeScript, type GeneratedFile, type GeneratedPlanFile, isPlanFile } from '@weft/language';
import { loadWorkspace, UnreadablePathError, type LoadedWorkspace } from '@weft/language/node';
import { UserError } from '../../errors.js';
import { compareCheckDiagnostics, displayPath, toCheckDiagnostic, type CheckDiagnostic } from '../check/check-diagnostic.js';
import type { GenerationLanguage } from './generation-languages.js';

export interface GenerateOptions {
    /** The folder that relative paths start from. */
    readonly cwd: string;
    /** `.weft` files and folders (searched recursively); `['.']` when empty. */
    readonly paths: readonly string[];
    /** The folder to write into. */
    readonly out: string;
    /** The folder that source paths in the output are relative to; by default the one folder given, or the common folder of the files. */
    readonly root?: string;
    /**
     * `warning` (`weft generate`): a `run` file or export that does not exist yet does not stop
     * generation. `error` (the default; `weft run`, which is about to run that code) keeps it an error.
     */
    readonly missingImplementations?: 'error' | 'warning';
    /** What to write: TypeScript (the default; contracts, definitions and plans), Python contracts, or both. */
    readonly languages?: readonly GenerationLanguage[];
}

export interface GenerateReport {
    /** All diagnostics of the loaded files; when one is an error, nothing was written. */
    readonly diagnostics: readonly CheckDiagnostic[];
    /** The files written (relative to `cwd`), empty when errors stopped generation. */
    readonly written: readonly string[];
    /** The files that already had the generated content and were left alone. */
    readonly unchanged: readonly string[];
}

/** The Weft files at some paths, checked and generated in memory. */
export interface Compilation {
    /** All diagnostics of the loaded files; when one is an error, nothing was generated. */
    readonly diagnostics: readonly CheckDiagnostic[];
    /** The folder source paths in the output are relative to (absolute). */
    readonly root: string;
    /** The loaded `.weft` files (absolute paths). */
    readonly sources: readonly string[];
    /** What `weft generate` writes (in the languages asked for), relative to `root`; empty when errors stopped generation. */
    readonly files: readonly GeneratedFile[];
    /** The plan files among the TypeScript output, each with its plan as an object (none when `languages` leaves TypeScript out). */
    readonly plans: readonly GeneratedPlanFile[];
    /** The TypeScript that generation relative to another folder would give (path → content); empty when errors stopped generation. */
    filesFor(root: string): ReadonlyMap<string, string>;
    /** The Python contracts (`--lang python`) relative to `root`, generated when first asked for; empty when errors stopped generation. */
    pythonFiles(): readonly GeneratedFile[];
}

/**
 * Checks the Weft files at `paths` (and what they import) and generates their TypeScript (or
 * Python contracts, as `languages` asks) in memory, unless a file has errors.
 */
export async function compile(options: Omit<GenerateOptions, 'out'>): Promise<Compilation> {
    const given = options.paths.length > 0 ? options.paths : ['.'];
    const absolute = given.map(original => path.resolve(options.cwd, original));
    const workspace = await load(absolute, given);
    if (workspace.roots.length === 0) throw new UserError(`no .weft files in ${given.join(', ')}`);
    const documents = workspace.documents.filter(document => document.uri.scheme === 'file');
    const diagnostics = documents.flatMap(document => (document.diagnostics ?? [])
        .map(diagnostic => toCheckDiagnostic(displayPath(document, options.cwd), diagnostic))
        .map(diagnostic => (options.missingImplementations === 'warning' ? implementedLater(diagnostic) : diagnostic)))
        .sort(compareCheckDiagnostics);
    const root = options.root === undefined ? await defaultRoot(absolute, workspace.roots) : path.resolve(options.cwd, options.root);
    const sources = documents.map(document => document.uri.fsPath);
    const clean = !diagnostics.some(diagnostic => diagnostic.severity === 'error');
    const generate = (folder: string): GeneratedFile[] => clean ? generateTypeScript({ services: workspace.services, documents, rootPath: toUriPath(folder) }) : [];
    const languages = options.languages ?? ['typescript'];
    const typescript = languages.includes('typescript') ? generate(root) : [];
    const generated = new Map<string, ReadonlyMap<string, string>>(languages.includes('typescript') ? [[root, contentsOf(typescript)]] : []);
    const filesFor = (folder: string): ReadonlyMap<string, string> => {
        let contents = generated.get(folder);
        if (contents === undefined) {
            contents = contentsOf(generate(folder));
            generated.set(folder, contents);
        }
        return contents;
    };
    let python: GeneratedFile[] | undefined;
    const pythonFiles = (): GeneratedFile[] => python ??= clean ? generatePython({ services: workspace.services, documents, rootPath: toUriPath(root) }) : [];
    const files = [...typescript, ...(languages.includes('python') ? pythonFiles() : [])];
    return { diagnostics, root, sources, files, plans: typescript.filter(isPlanFile), filesFor, pythonFiles };
}

function contentsOf(files: readonly GeneratedFile[]): ReadonlyMap<string, string> {
    return new Map(files.map(file => [file.path, file.content]));
}

/**
 * Generates TypeScript for the Weft files at `paths` (and what they import) into `out`, unless
 * a file has errors: then nothing is written and the report carries the diagnostics.
 */
export async function generate(options: GenerateOptions): Promise<GenerateReport> {
    const compilation = await compile(options);
    const { diagnostics } = compilation;
    if (diagnostics.some(diagnostic => diagnostic.severity === 'error')) return { diagnostics, written: [], unchanged: [] };
    const { written, unchanged } = await writeGenerated(path.resolve(options.cwd, options.out), compilation.files);
    const show = (file: string) => path.relative(options.cwd, file);
    return { diagnostics, written: written.map(show), unchanged: unchanged.map(show) };
}

/**
 * Contracts come before their implementations: generating them first is how a step is written
 * against its types. So a `run` file or export that does not exist yet (`impl-not-found`) is a
 * warning here; `weft check`, `weft run` and the language server keep it an error.
 */
function implementedLater(diagnostic: CheckDiagnostic): CheckDiagnostic {
    if (diagnostic.code !== DiagnosticCode.ImplNotFound || diagnostic.severity !== 'error') return diagnostic;
    return { ...diagnostic, severity: 'warning', message: `${diagnostic.message} Generated anyway; \`weft check\` and \`weft run\` need it.` };
}

async function load(paths: readonly string[], given: readonly string[]): Promise<LoadedWorkspace> {
    try {
        return await loadWorkspace(paths);
    } catch (error) {
        if (error instanceof UnreadablePathError) {
            const index = paths.indexOf(error.path);
            throw new UserError(`cannot read ${index >= 0 ? given[index] : error.path}: ${error.reason}`, { cause: error });
        }
        throw error;
    }
}

/** The one folder given, or the deepest folder holding every root file. */
async function defaultRoot(paths: readonly string[], roots: readonly LangiumDocument[]): Promise<string> {
    if (paths.length === 1 && (await fs.stat(paths[0]!)).isDirectory()) return paths[0]!;
    const folders = roots.map(document => path.dirname(document.uri.fsPath));
    return folders.reduce((common, folder) => {
        while (path.relative(common, folder).startsWith('..')) common = path.dirname(common);
        return common;
    });
}

/** Writes the files that changed (so that watchers and incremental builds see only real changes). */
export async function writeGenerated(out: string, files: readonly GeneratedFile[]): Promise<{ written: string[]; unchanged: string[] }> {
    const written: string[] = [];
    const unchanged: string[] = [];
    for (const file of files) {
        const target = path.join(out, ...file.path.split('/'));
        const existing = await fs.readFile(target, 'utf8').catch(() => undefined);
        if (existing === file.content) {
            unchanged.push(target);
            continue;
        }
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, file.content, 'utf8');
        written.push(target);
    }
    return { written, unchanged };
}

/** A file-system path as the path of a `file:` URI (`C:\a` → `/c:/a`), which generation works with. */
function toUriPath(folder: string): string {
    const posix = folder.replaceAll('\\', '/');
    return /^[A-Za-z]:/.test(posix) ? `/${posix[0]!.toLowerCase()}${posix.slice(1)}` : posix;
}

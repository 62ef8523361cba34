// Loads Weft files from disk the way `weft generate` does and generates them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWorkspace } from '../../src/node/workspace-loader.js';
import { generateTypeScript, type GeneratedFile } from '../../src/generation/index.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const examplesFolder = path.join(repositoryRoot, 'examples');
export const exampleNames = ['image-classifier', 'retrieval-index', 'text-classifier'] as const;

export interface Generation {
    readonly files: readonly GeneratedFile[];
    /** Error messages of the loaded documents (`file: code message`). */
    readonly errors: readonly string[];
}

/** Generates every `.weft` file under `folder`, with paths relative to it. */
export async function generateFolder(folder: string): Promise<Generation> {
    const workspace = await loadWorkspace([folder]);
    const errors = workspace.documents.flatMap(document => (document.diagnostics ?? [])
        .filter(diagnostic => diagnostic.severity === 1)
        .map(diagnostic => `${path.relative(folder, document.uri.fsPath)}: ${diagnostic.code} ${diagnostic.message}`));
    const files = generateTypeScript({ services: workspace.services, documents: workspace.documents, rootPath: folder.replaceAll('\\', '/') });
    return { files, errors };
}

/** Writes generated files under `folder`. */
export function writeFiles(folder: string, files: readonly GeneratedFile[]): void {
    for (const file of files) {
        const target = path.join(folder, file.path);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.content);
    }
}

/**
 * A throw-away TypeScript project in the temp folder whose `@weft/contract` is this repository's
 * (built) contract package: the only Weft package generated code imports.
 */
export function temporaryProject(prefix: string): string {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    mkdirSync(path.join(folder, 'node_modules', '@weft'), { recursive: true });
    symlinkSync(path.join(repositoryRoot, 'packages', 'contract'), path.join(folder, 'node_modules', '@weft', 'contract'), 'dir');
    return folder;
}

export interface TscRun {
    readonly status: number | null;
    readonly output: string;
}

/** Runs this repository's `tsc` with `args` in `cwd`. */
export function runTsc(args: readonly string[], cwd: string): TscRun {
    const tsc = path.join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Builds the contract package, whose declarations the generated code compiles against. */
export function buildContract(): void {
    const result = runTsc(['-b', path.join(repositoryRoot, 'packages', 'contract', 'tsconfig.json')], repositoryRoot);
    if (result.status !== 0) throw new Error(`building @weft/contract failed:\n${result.output}`);
}

import * as path from 'node:path';
import type { GeneratedModules } from '@weft/runtime';
import type { CheckDiagnostic } from '../check/check-diagnostic.js';
import { compile } from '../generate/generate.js';
import { filesUnder } from './test-files.js';

/** A project's `.weft` files, checked: their errors, or the contracts `weft generate` would write for them. */
export type ProjectCompilation =
    | { readonly ok: false; readonly errors: readonly CheckDiagnostic[] }
    | { readonly ok: true; readonly generated?: GeneratedModules };

/**
 * Checks every `.weft` file of the project (as `weft check` would, except that a step not
 * implemented yet is only a warning: a test may mock it) and generates their contracts in memory
 * for the test bundles and the step bundles, relative to the folder that holds them all and each
 * folder above it up to the project (wherever the project generates from). A project without
 * `.weft` files has nothing to generate.
 */
export async function compileProject(project: string, cwd: string): Promise<ProjectCompilation> {
    const sources = await filesUnder(project, name => name.endsWith('.weft'));
    if (sources.length === 0) return { ok: true };
    const compilation = await compile({ cwd, paths: sources, missingImplementations: 'warning' });
    const errors = compilation.diagnostics.filter(diagnostic => diagnostic.severity === 'error');
    if (errors.length > 0) return { ok: false, errors };
    const roots = [compilation.root];
    for (let folder = compilation.root; folder !== project && isWithin(folder, project);) {
        folder = path.dirname(folder);
        roots.push(folder);
    }
    return { ok: true, generated: { roots, filesFor: root => compilation.filesFor(root) } };
}

function isWithin(file: string, folder: string): boolean {
    const relative = path.relative(folder, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
}

import * as path from 'node:path';
import type { GeneratedModules } from '@weft/runtime';
import type { Compilation } from './generate.js';

/**
 * The generated modules of a compilation as step bundles take them. The user may have generated
 * relative to another folder than the compilation's root (`weft generate . --out gen` from the
 * project): each folder from the root up to the project folder is a candidate, the root first.
 */
export function generatedModulesOf(compilation: Compilation, projectFolder: string): GeneratedModules {
    const roots = [compilation.root];
    for (let folder = compilation.root; isWithin(folder, projectFolder) && folder !== projectFolder;) {
        folder = path.dirname(folder);
        roots.push(folder);
    }
    return { roots, filesFor: root => compilation.filesFor(root) };
}

function isWithin(file: string, folder: string): boolean {
    const relative = path.relative(folder, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
}

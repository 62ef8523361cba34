import { URI, UriUtils } from 'langium';
import { loneSurrogateIndex } from '../helpers/lone-surrogates.js';

/**
 * Where an import path may point, most specific first. A relative path (`./x.weft`,
 * `../x.weft`) names one file beside the importing one; a package path (`@scope/pkg/x.weft`,
 * `pkg/x.weft`) is looked up in `node_modules` of each enclosing folder, as Node resolves
 * packages. The caller picks the first candidate that exists (on disk, or among the loaded
 * documents).
 */
export function importCandidates(importingFile: URI, importPath: string): URI[] {
    // No file has such a name (validation says why), and its URI could not be written.
    if (loneSurrogateIndex(importPath) >= 0) return [];
    const folder = UriUtils.dirname(importingFile);
    if (isRelativeImport(importPath)) {
        return [UriUtils.resolvePath(folder, importPath)];
    }
    if (importPath.startsWith('/')) {
        return [importingFile.with({ path: importPath })];
    }
    const candidates: URI[] = [];
    let current = folder;
    for (;;) {
        if (UriUtils.basename(current) !== 'node_modules') {
            candidates.push(UriUtils.joinPath(current, 'node_modules', importPath));
        }
        const parent = UriUtils.dirname(current);
        if (parent.path === current.path) break;
        current = parent;
    }
    return candidates;
}

export function isRelativeImport(importPath: string): boolean {
    return importPath.startsWith('./') || importPath.startsWith('../');
}

/** `@scope/pkg/file.weft` → `@scope/pkg`; `pkg/file.weft` → `pkg`; relative → undefined. */
export function packageNameOf(importPath: string): string | undefined {
    if (isRelativeImport(importPath) || importPath.startsWith('/')) return undefined;
    const parts = importPath.split('/');
    return importPath.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * How `importingFile` would write an import of `target`: the package path for a file inside a
 * `node_modules` folder (`@scope/pkg/x.weft`), else a relative path (`./x.weft`, `../lib/x.weft`).
 */
export function importPathFor(importingFile: URI, target: URI): string {
    const marker = '/node_modules/';
    const inPackage = target.path.lastIndexOf(marker);
    if (inPackage >= 0) return target.path.slice(inPackage + marker.length);
    const relative = UriUtils.relative(UriUtils.dirname(importingFile), target);
    return relative.startsWith('../') ? relative : `./${relative}`;
}

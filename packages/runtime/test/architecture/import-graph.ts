import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** One relative import between two of the runtime's source files, as paths relative to `src/`. */
export interface ImportEdge {
    readonly from: string;
    readonly to: string;
}

/** A folder may import only the listed folders (or files, as `folder/file.ts`) besides itself and packages. */
export interface LayerRule {
    readonly folder: string;
    readonly mayImport?: readonly string[];
    /** Folders it must never import (checked when `mayImport` is not given). */
    readonly mustNotImport?: readonly string[];
}

/** Every relative import (static, re-export, dynamic `import()`) of every `.ts` file under `sourceRoot`. */
export function importEdges(sourceRoot: string): ImportEdge[] {
    const edges: ImportEdge[] = [];
    for (const file of sourceFiles(sourceRoot)) {
        const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
        for (const imported of info.importedFiles) {
            if (!imported.fileName.startsWith('.')) continue;
            const target = path.resolve(path.dirname(file), imported.fileName).replace(/\.js$/, '.ts');
            edges.push({ from: path.relative(sourceRoot, file), to: path.relative(sourceRoot, target) });
        }
    }
    return edges;
}

/** The imports that break a rule, as `from → to` lines. */
export function layerViolations(edges: readonly ImportEdge[], rules: readonly LayerRule[]): string[] {
    return edges.flatMap(edge => {
        const source = topFolder(edge.from);
        const target = topFolder(edge.to);
        if (source === target) return [];
        const rule = rules.find(each => each.folder === source);
        if (rule === undefined) return [];
        const allowed = rule.mayImport === undefined
            ? !(rule.mustNotImport ?? []).includes(target)
            : rule.mayImport.includes(target) || rule.mayImport.includes(edge.to);
        return allowed ? [] : [`${edge.from} → ${edge.to}`];
    });
}

function topFolder(file: string): string {
    const parts = file.split(path.sep);
    return parts.length === 1 ? '.' : parts[0]!;
}

function sourceFiles(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) return sourceFiles(full);
        return entry.name.endsWith('.ts') ? [full] : [];
    });
}

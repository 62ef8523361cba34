import * as path from 'node:path';
import { importPolicy } from './confine-imports.js';
import { findGeneratedModule, type GeneratedModuleMatch, type GeneratedModules, readIfGenerated } from './generated-modules.js';
import { projectFolder } from './project-folder.js';

/** An import of a generated module whose file does not exist. */
export interface MissingGeneratedImport extends GeneratedModuleMatch {
    /** The project file that imports it (absolute). */
    readonly importer: string;
    /** The import as written (`../generated/scores.js`). */
    readonly specifier: string;
    /** The missing file (absolute). */
    readonly file: string;
}

/**
 * The generated modules that the project modules reachable from `file` import but that are not
 * on disk: what a bundle would take from memory, and what `tsc` would miss. esbuild walks the
 * imports as it does for a bundle (packages and places outside the project are not followed, so
 * nothing outside the project is read).
 */
export async function missingGeneratedImports(file: string, generated: GeneratedModules): Promise<MissingGeneratedImport[]> {
    const project = projectFolder(path.dirname(file));
    const policy = importPolicy({ project, cacheDir: path.join(project, '.weft'), weftPackageDirs: [] });
    const missing: MissingGeneratedImport[] = [];
    // Loaded only when a step's imports are walked: `weft check` of a file without steps stays light.
    const { build } = await import('esbuild');
    await build({
        entryPoints: [file], bundle: true, write: false, platform: 'node', format: 'esm', logLevel: 'silent',
        plugins: [{
            name: 'weft-generated-imports',
            setup(builder) {
                builder.onResolve({ filter: /.*/ }, args => {
                    if (args.kind === 'entry-point') return undefined;
                    if (!/^\.\.?\//.test(args.path)) return { path: args.path, external: true };
                    const target = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
                    if (/\.(js|ts)$/.test(args.path) && readIfGenerated(target) === undefined) {
                        const match = findGeneratedModule(target, generated, undefined);
                        if (match) missing.push({ ...match, importer: args.importer, specifier: args.path, file: target });
                        return { path: args.path, external: true };
                    }
                    // Only project modules are followed.
                    const resolved = path.resolve(args.resolveDir, args.path);
                    return policy.place(resolved) === undefined ? undefined : { path: args.path, external: true };
                });
            },
        }],
    }).catch(() => undefined); // A step that does not bundle is reported when it runs.
    return missing;
}

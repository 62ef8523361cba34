import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { OnResolveArgs, Plugin } from 'esbuild';

/**
 * Where a step's bundle may take files from. esbuild runs on the host with weft's rights, so
 * whatever it reads ends up in the bundle: without limits a step could inline `/etc/shadow`,
 * the run store or `/proc/self/environ` (the secrets of `weft run`).
 */
export interface ImportZones {
    /** The project folder: its files are allowed, except those in a `.weft` folder. */
    readonly project: string;
    /** weft's cache folder (bundles, artifacts, usually the run store): never allowed. */
    readonly cacheDir: string;
    /** The `@weft/runtime` package the bundle aliases in; its files and dependencies are allowed. */
    readonly runtimeDir: string;
}

/** Host folders no import may reach, whatever they lead to. */
const SYSTEM_FOLDERS = ['/proc', '/dev', '/sys'];
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
const PROJECT_ATTRIBUTES = new Set(['text', 'bytes', 'json']);

/** A project file (any loader the docs allow) or a package file (modules and JSON only). */
type Zone = 'project' | 'package';

/**
 * An esbuild plugin that lets a step's bundle read only the project (not its `.weft`), the
 * `node_modules` folders Node would look in from the project, and the runtime package, by
 * real path (a symlink out of the project is refused). Every import is checked when it is
 * resolved, naming the import; every file again when it is loaded, because esbuild expands
 * `require('./dir/' + name)` into the files it finds without resolving them one by one.
 * `entryName` is the name of the generated entry, whose one import is the step's module.
 */
export function confineImports(zones: ImportZones, entryName: string): Plugin {
    const policy = importPolicy(zones);
    const recursing = { confined: true };
    return {
        name: 'weft-confine-imports',
        setup(build) {
            build.onResolve({ filter: /.*/ }, async args => {
                if (args.pluginData === recursing) return undefined;
                const result = await build.resolve(args.path, {
                    kind: args.kind, importer: args.importer, namespace: args.namespace, resolveDir: args.resolveDir, with: args.with, pluginData: recursing,
                });
                // Unresolvable: esbuild reports it as usual (an error, or a warning inside try/catch).
                if (result.errors.length > 0) return undefined;
                // Builtins and other externals are imported inside the sandbox, never read here.
                if (result.external || result.namespace !== 'file') return result;
                const refusal = policy(result.path, args.with);
                if (refusal !== undefined) return { errors: [{ text: `${describeImport(args, zones.project, entryName)} is refused: ${refusal}` }] };
                return { path: result.path, namespace: result.namespace, suffix: result.suffix, sideEffects: result.sideEffects, warnings: result.warnings };
            });
            build.onLoad({ filter: /.*/, namespace: 'file' }, args => {
                const refusal = policy(args.path, args.with);
                if (refusal !== undefined) return { errors: [{ text: `loading ${args.path} is refused: ${refusal}` }] };
                return undefined;
            });
        },
    };
}

/**
 * Why `file`, imported with `attributes`, may not be bundled (`undefined` when it may):
 * its path and its real path are checked, so neither `/proc/self/cwd/…` nor a symlink
 * into `/etc` gets through.
 */
export function importPolicy(zones: ImportZones): (file: string, attributes: Readonly<Record<string, string>>) => string | undefined {
    const project = realPath(zones.project);
    const caches = [path.resolve(zones.cacheDir), realPath(zones.cacheDir)];
    const runtimeDir = realPath(zones.runtimeDir);
    const packageFolders = [...lookupFolders(project), runtimeDir, ...lookupFolders(runtimeDir)];
    /** The file's zone, or why it has none (`is outside the project`). */
    const zoneOf = (file: string): Zone | { refusal: string } => {
        const system = SYSTEM_FOLDERS.find(folder => isWithin(file, folder));
        if (system !== undefined) return { refusal: `is in ${system}` };
        if (caches.some(folder => isWithin(file, folder))) return { refusal: "is in weft's cache folder" };
        if (isWithin(file, project)) {
            // Any `.weft` state folder: the project's, or that of a project nested in it.
            const segments = path.relative(project, file).split(path.sep);
            if (segments.includes('.weft')) return { refusal: 'is in a .weft folder' };
            return segments.includes('node_modules') ? 'package' : 'project';
        }
        if (packageFolders.some(folder => isWithin(file, folder))) return 'package';
        return { refusal: 'is outside the project' };
    };
    return (file, attributes) => {
        const given = path.resolve(file);
        const givenZone = zoneOf(given);
        if (typeof givenZone !== 'string') return `${given} ${givenZone.refusal}`;
        const real = realPath(given);
        const zone = real === given ? givenZone : zoneOf(real);
        if (typeof zone !== 'string') return `${given} leads to ${real}, which ${zone.refusal}`;
        return loaderRefusal(real, zone, attributes);
    };
}

/** Modules and JSON from anywhere allowed; `text`, `bytes` and `json` attributes only for project files. */
function loaderRefusal(file: string, zone: Zone, attributes: Readonly<Record<string, string>>): string | undefined {
    const type = attributes['type'];
    const extension = path.extname(file).toLowerCase();
    if (type === undefined) {
        if (MODULE_EXTENSIONS.has(extension) || extension === '.json') return undefined;
        return `${file} is not a JavaScript, TypeScript or JSON module (import a project file with { type: 'text' } or { type: 'bytes' })`;
    }
    if (type === 'json' && extension === '.json') return undefined;
    if (!PROJECT_ATTRIBUTES.has(type)) return `the import attribute { type: '${type}' } is not allowed (only 'text', 'bytes' and 'json')`;
    if (zone !== 'project') return `{ type: '${type}' } is allowed only for files of the project, not of its packages`;
    return undefined;
}

/** `import "spec" in steps/a.ts`, with the importer relative to the project, or `the step module "/abs/steps/a.ts"`. */
function describeImport(args: OnResolveArgs, project: string, entryName: string): string {
    if (path.basename(args.importer) === entryName) return `the step module ${JSON.stringify(args.path)}`;
    const verb = args.kind === 'require-call' ? 'require' : args.kind === 'dynamic-import' ? 'import()' : 'import';
    return `${verb} ${JSON.stringify(args.path)} in ${path.relative(project, args.importer)}`;
}

/** The `node_modules` folders Node looks in from `dir`: `dir/node_modules`, then each parent's. */
function lookupFolders(dir: string): string[] {
    const folders: string[] = [];
    for (let current = dir; ; current = path.dirname(current)) {
        folders.push(path.join(current, 'node_modules'));
        if (path.dirname(current) === current) return folders;
    }
}

function isWithin(file: string, folder: string): boolean {
    const relative = path.relative(folder, file);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The real path of `file`, or of its nearest existing parent joined with the rest. */
function realPath(file: string): string {
    const resolved = path.resolve(file);
    if (existsSync(resolved)) return realpathSync(resolved);
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realPath(parent), path.basename(resolved));
}

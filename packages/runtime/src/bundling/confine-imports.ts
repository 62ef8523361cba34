import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { Message, Plugin } from 'esbuild';

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
    /** The Weft packages the bundle aliases in (`@weft/runtime`, `@weft/contract`); their files and dependencies are allowed. */
    readonly weftPackageDirs: readonly string[];
}

/** Host folders no import may reach, whatever they lead to. */
const SYSTEM_FOLDERS = ['/proc', '/dev', '/sys'];
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
const PROJECT_ATTRIBUTES = new Set(['text', 'bytes', 'json']);

/** A project file (any loader the docs allow) or a package file (modules and JSON only). */
type Zone = 'project' | 'package';

const PLUGIN = 'weft-confine-imports';

/** What bundling may read, as {@link importPolicy} decides it; each answer is why not, or `undefined`. */
export interface ImportPolicy {
    /** Whether esbuild may read `file` at all (as a module, or as a package.json or tsconfig.json it follows). */
    place(file: string): string | undefined;
    /** Whether `file`, imported with these attributes, may go into the bundle. */
    module(file: string, attributes: Readonly<Record<string, string>>): string | undefined;
}

/**
 * An esbuild plugin that lets a step's bundle read only the project (not its `.weft`), the
 * `node_modules` folders Node would look in from the project, and Weft's own packages, by
 * real path (a symlink out of the project is refused). It checks each file before esbuild
 * loads it: every module passes there, even those esbuild finds for `require('./dir/' + name)`
 * without resolving them one by one, and nothing refused is ever read (not even `/dev/zero`).
 */
export function confineImports(policy: ImportPolicy): Plugin {
    return {
        name: PLUGIN,
        setup(build) {
            build.onLoad({ filter: /.*/, namespace: 'file' }, args => {
                const refusal = policy.module(args.path, args.with);
                return refusal === undefined ? undefined : { errors: [{ text: refusal }] };
            });
        },
    };
}

/**
 * One line for an error of a build with {@link confineImports}. A refusal names the import as
 * the step wrote it and where (esbuild gives the location of the import that made it load the
 * file): `steps/a.ts:3: import '/etc/shadow' is refused: /etc/shadow is outside the project`.
 * esbuild's own error about a file outside the allowed places (a package.json that is a symlink
 * to a host file, a tsconfig.json `extends` of one) is not repeated, because it quotes the file.
 * `entry` is the path of the generated entry, whose one import is the step's module.
 */
export function describeBuildError(error: Message, policy: ImportPolicy, project: string, entry: string): string {
    const location = error.location;
    if (location === null) return error.text;
    const file = path.resolve(location.file);
    if (file === entry) return error.pluginName === PLUGIN ? `the step module is refused: ${error.text}` : error.text;
    if (error.pluginName === PLUGIN) {
        // Columns count UTF-8 bytes.
        const specifier = Buffer.from(location.lineText).subarray(location.column, location.column + location.length).toString();
        return `${path.relative(project, file)}:${location.line}: import ${specifier} is refused: ${error.text}`;
    }
    const refusal = policy.place(file);
    if (refusal !== undefined) return `esbuild could not use ${file}, which it may not read: ${refusal} (its error is not shown, as it may quote the file)`;
    return error.text;
}

/**
 * The policy for `zones`. Each file is checked by its path and its real path, so neither
 * `/proc/self/cwd/…` nor a symlink into `/etc` gets through.
 */
export function importPolicy(zones: ImportZones): ImportPolicy {
    const project = realPath(zones.project);
    const caches = [path.resolve(zones.cacheDir), realPath(zones.cacheDir)];
    const weftPackages = zones.weftPackageDirs.map(realPath);
    const packageFolders = [...lookupFolders(project), ...weftPackages.flatMap(folder => [folder, ...lookupFolders(folder)])];
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
    /** The zone of `file` by its path and real path, or why it may not be read. */
    const placeOf = (file: string): { zone: Zone; real: string } | { refusal: string } => {
        const given = path.resolve(file);
        const givenZone = zoneOf(given);
        if (typeof givenZone !== 'string') return { refusal: `${given} ${givenZone.refusal}` };
        const real = realPath(given);
        const zone = real === given ? givenZone : zoneOf(real);
        if (typeof zone !== 'string') return { refusal: `${given} leads to ${real}, which ${zone.refusal}` };
        return { zone, real };
    };
    return {
        place: file => {
            const place = placeOf(file);
            return 'refusal' in place ? place.refusal : undefined;
        },
        module: (file, attributes) => {
            const place = placeOf(file);
            return 'refusal' in place ? place.refusal : loaderRefusal(place.real, place.zone, attributes);
        },
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

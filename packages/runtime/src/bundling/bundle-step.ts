import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { build, type Message, version as esbuildVersion } from 'esbuild';
import { WeftError } from '@weft/contract/errors';
import { type BundleMemo, fileStates, validMemo, writeMemo } from './bundle-memo.js';
import { projectRelativeSources } from './bundle-source-map.js';
import { confineImports, describeBuildError, importPolicy } from './confine-imports.js';
import { type GeneratedModules, generatedModules } from './generated-modules.js';
import { prebuiltBundle } from './prebuilt-bundles.js';
import { projectFolder } from './project-folder.js';
import { runtimePackageDir } from './runtime-package.js';

/** One step implementation bundled into a single ES module file. */
export interface StepBundle {
    /** `<cacheDir>/bundles/<sha256>.mjs`. */
    readonly file: string;
    /** `sha256:` and the hex digest of the bundle's bytes. */
    readonly hash: string;
    /**
     * `sha256:` and the hex digest of the code that runs: the bundle without a source map
     * comment (source maps carry the sources, comments included). esbuild drops comments, so
     * a comment-only edit keeps it; the step's code digest and a part of its cache key.
     */
    readonly code: string;
    /**
     * Every file that put code into the bundle, by content digest (`sha256:`): project files
     * and `node_modules` files by their path in the project (`steps/train.ts`,
     * `node_modules/left-pad/index.js`), Weft's own as `@weft/runtime/…` and `@weft/contract/…`.
     * (esbuild reads more, ~470 files of the runtime's entry, and drops what the step does not
     * use; the memo watches those too.)
     */
    readonly inputs: Readonly<Record<string, string>>;
}

/** The step's module could not be bundled (a syntax error, an import that does not resolve or is refused, …). */
export class BundleError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'step-bundle';

    constructor(readonly module: string, detail: string, options?: ErrorOptions) {
        super(`cannot bundle ${module}: ${detail}`, options);
        this.name = 'BundleError';
    }
}

/**
 * Bundles `root/module` with esbuild into one file that exports the step as `step` and the
 * value codec as `encodeValue`/`decodeValue`. The codec comes from the same `@weft/runtime`
 * copy the step imports, so the handles the worker re-creates are the step's own classes: both
 * `@weft/runtime` and the `@weft/contract` the step imports resolve to the runtime's copies.
 * Imports are confined to the root's project, its packages and the runtime (./confine-imports.ts).
 * With `generated`, the step's generated contracts come from memory, never stale (./generated-modules.ts).
 */
export async function bundleStep(root: string, module: string, exportName: string, cacheDir: string, generated?: GeneratedModules): Promise<StepBundle> {
    if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new BundleError(module, `the export name ${JSON.stringify(exportName)} is not an identifier`);
    const ready = prebuiltBundle(module, exportName);
    if (ready === null) throw new BundleError(module, `this artifact has no bundle of its export ${exportName}`);
    if (ready !== undefined) return ready;
    // One bundle per step, cache folder and generated contracts, made again only when a file it read changed.
    const key = JSON.stringify([path.resolve(root), module, exportName, esbuildVersion, generatedFingerprint(generated)]);
    const memoFile = path.join(cacheDir, 'bundles', 'memo', `${createHash('sha256').update(key).digest('hex')}.json`);
    let pending = inFlight.get(memoFile);
    if (!pending) {
        pending = (async () => bundleOf(await validMemo(memoFile, path.join(cacheDir, 'bundles')) ?? await buildStep(root, module, exportName, cacheDir, memoFile, generated), root))();
        inFlight.set(memoFile, pending);
        void pending.finally(() => inFlight.delete(memoFile)).catch(() => undefined);
    }
    return pending;
}

/** Bundles being made or checked in this process, by memo file: concurrent attempts of one step share the work. */
const inFlight = new Map<string, Promise<StepBundle>>();

/**
 * The generated contracts served from memory, by content: they are no file the memo can watch,
 * so a contract change must make another memo (paths and headers differ between roots, contracts do not).
 */
function generatedFingerprint(generated: GeneratedModules | undefined): string | null {
    const root = generated?.roots[0];
    if (generated === undefined || root === undefined) return null;
    // Once per run's generated modules, not per attempt: they are megabytes for a large workspace.
    let fingerprint = fingerprints.get(generated);
    if (fingerprint === undefined) {
        const hash = createHash('sha256');
        for (const [module, content] of [...generated.filesFor(root)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${module}\0${content}\0`);
        fingerprint = hash.digest('hex');
        fingerprints.set(generated, fingerprint);
    }
    return fingerprint;
}

const fingerprints = new WeakMap<GeneratedModules, string>();

async function buildStep(root: string, module: string, exportName: string, cacheDir: string, memoFile: string, generated: GeneratedModules | undefined): Promise<BundleMemo> {
    const startedAt = Date.now();
    const runtimeDir = runtimePackageDir();
    const runtimeEntry = path.join(runtimeDir, 'dist', 'index.js');
    const entry = [
        `export { ${exportName} as step } from ${JSON.stringify(path.resolve(root, module))};`,
        `export { encodeValue, decodeValue } from '@weft/runtime';`,
    ].join('\n');
    const entryName = `weft-step-${exportName}.js`;
    const project = projectFolder(root);
    // The contract the runtime itself depends on: one copy of the handle classes in the bundle.
    const runtimeRequire = createRequire(runtimeEntry);
    const contractEntry = runtimeRequire.resolve('@weft/contract');
    // An alias would map `@weft/contract/errors` under the entry file: the runtime's modules import it by name.
    const contractErrors = runtimeRequire.resolve('@weft/contract/errors');
    const contractDir = path.dirname(runtimeRequire.resolve('@weft/contract/package.json'));
    const policy = importPolicy({ project, cacheDir, weftPackageDirs: [runtimeDir, contractDir] });
    let code: string;
    let read: string[];
    let bundled: string[];
    try {
        const result = await build({
            stdin: { contents: entry, resolveDir: root, sourcefile: entryName, loader: 'js' },
            bundle: true, platform: 'node', format: 'esm', target: 'node22', write: false,
            // Paths in the bundle's comments relative to the project, not to weft's working folder; the metafile lists what was read.
            absWorkingDir: project, metafile: true,
            alias: {
                '@weft/runtime': runtimeEntry, '@weft/contract': contractEntry, '@weft/contract/errors': contractErrors,
                // The runtime reads plans against the schema the contract ships (plan/read-plan.ts); an alias of a package to its entry file would not reach it.
                '@weft/contract/plan.schema.json': path.join(contractDir, 'schema', 'plan.schema.json'),
            },
            // A CommonJS dependency may call require() on a builtin; give the ESM bundle one.
            banner: { js: `import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);` },
            plugins: [...(generated ? [generatedModules(generated, project, policy)] : []), confineImports(policy)],
            logLevel: 'silent',
            // Inline, without the sources' text: the worker maps a step's stack to its TypeScript lines.
            sourcemap: 'inline', sourcesContent: false,
        });
        // esbuild names sources relative to absWorkingDir, the project.
        code = projectRelativeSources(result.outputFiles[0]!.text, project, project);
        // The entry is named relative to the project too (`examples/x/weft-step-y.js` when the root is a subfolder): it is no file.
        const entryFile = path.resolve(root, entryName);
        const files = (inputs: readonly string[]) => inputs.filter(input => !input.startsWith('<')).map(input => path.resolve(project, input)).filter(file => file !== entryFile);
        read = files(Object.keys(result.metafile.inputs));
        const output = Object.values(result.metafile.outputs)[0]!;
        bundled = files(Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([name]) => name));
    } catch (error) {
        const errors = (error as { errors?: Message[] }).errors;
        if (errors === undefined) throw new BundleError(module, String(error), { cause: error });
        // No cause: esbuild's errors carry lines of the files they are about, which may be host files.
        // esbuild names files relative to absWorkingDir (the project).
        const located = errors.map(message => message.location ? { ...message, location: { ...message.location, file: path.resolve(project, message.location.file) } } : message);
        throw new BundleError(module, located.map(message => describeBuildError(message, policy, project, path.resolve(root, entryName))).join('; '));
    }
    const digest = createHash('sha256').update(code).digest('hex');
    const folder = path.join(cacheDir, 'bundles');
    const file = path.join(folder, `${digest}.mjs`);
    // Only weft's user may enter the folder (a bundle holds the project's code and data). The
    // file itself stays readable by all: a sandboxed step runs as uid 65534 and reads it through
    // its own read-only bind mount, which does not pass through the folder.
    await mkdir(cacheDir, { recursive: true });
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
    if (!existsSync(file)) {
        // Write then rename: a concurrent attempt never sees half a bundle.
        const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        await writeFile(temporary, code, { mode: 0o444 });
        await chmod(temporary, 0o444); // whatever the umask
        await rename(temporary, file);
    }
    const { settled, ...states } = await fileStates(read, guardsOf(read, project), startedAt);
    const memo: BundleMemo = { file, hash: `sha256:${digest}`, code: codeDigest(code), ...states, bundled };
    if (settled) await writeMemo(memoFile, memo);
    return memo;
}

/** The digest of what runs: the code without its source map comment. */
function codeDigest(code: string): string {
    return `sha256:${createHash('sha256').update(code.replace(/^\/\/# sourceMappingURL=.*$/gm, '')).digest('hex')}`;
}

/**
 * The files that decide how the bundle's imports resolve without being in it: the project's
 * package.json, lock file and tsconfig.json, and the package.json of each package it read.
 */
function guardsOf(read: readonly string[], project: string): string[] {
    const guards = new Set(['package.json', 'package-lock.json', 'tsconfig.json'].map(name => path.join(project, name)));
    for (const file of read) {
        const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
        if (at < 0) continue;
        const rest = file.slice(at + `${path.sep}node_modules${path.sep}`.length).split(path.sep);
        const name = rest[0]!.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
        guards.add(path.join(file.slice(0, at), 'node_modules', ...name, 'package.json'));
    }
    return [...guards];
}

/** The bundle as its callers see it, its inputs named by their place (see {@link StepBundle.inputs}). */
function bundleOf(memo: BundleMemo, root: string): StepBundle {
    const project = projectFolder(root);
    const runtimeDir = runtimePackageDir();
    const contractDir = path.dirname(createRequire(path.join(runtimeDir, 'dist', 'index.js')).resolve('@weft/contract/package.json'));
    const places = [{ dir: realpathSync(runtimeDir), name: '@weft/runtime' }, { dir: realpathSync(contractDir), name: '@weft/contract' }];
    const nameOf = (file: string): string => {
        const weft = places.find(place => file.startsWith(`${place.dir}${path.sep}`));
        return weft ? `${weft.name}/${path.relative(weft.dir, file).split(path.sep).join('/')}` : path.relative(project, file).split(path.sep).join('/');
    };
    const inputs = memo.bundled.map(file => [nameOf(file), memo.inputs[file]?.digest ?? ''] as const).sort(([a], [b]) => (a < b ? -1 : 1));
    return { file: memo.file, hash: memo.hash, code: memo.code, inputs: Object.fromEntries(inputs) };
}

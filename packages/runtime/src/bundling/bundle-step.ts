import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { build, type Message } from 'esbuild';
import { confineImports, describeBuildError, importPolicy } from './confine-imports.js';
import { type GeneratedModules, generatedModules } from './generated-modules.js';
import { projectFolder } from './project-folder.js';
import { runtimePackageDir } from './runtime-package.js';

/** One step implementation bundled into a single ES module file. */
export interface StepBundle {
    /** `<cacheDir>/bundles/<sha256>.mjs`. */
    readonly file: string;
    /** `sha256:` and the hex digest of the bundle's bytes (part of a cache key). */
    readonly hash: string;
}

/** The step's module could not be bundled (a syntax error, an import that does not resolve or is refused, …). */
export class BundleError extends Error {
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
    const runtimeDir = runtimePackageDir();
    const runtimeEntry = path.join(runtimeDir, 'dist', 'index.js');
    if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new BundleError(module, `the export name ${JSON.stringify(exportName)} is not an identifier`);
    const entry = [
        `export { ${exportName} as step } from ${JSON.stringify(path.resolve(root, module))};`,
        `export { encodeValue, decodeValue } from '@weft/runtime';`,
    ].join('\n');
    const entryName = `weft-step-${exportName}.js`;
    const project = projectFolder(root);
    // The contract the runtime itself depends on: one copy of the handle classes in the bundle.
    const runtimeRequire = createRequire(runtimeEntry);
    const contractEntry = runtimeRequire.resolve('@weft/contract');
    const contractDir = path.dirname(runtimeRequire.resolve('@weft/contract/package.json'));
    const policy = importPolicy({ project, cacheDir, weftPackageDirs: [runtimeDir, contractDir] });
    let code: string;
    try {
        const result = await build({
            stdin: { contents: entry, resolveDir: root, sourcefile: entryName, loader: 'js' },
            bundle: true, platform: 'node', format: 'esm', target: 'node22', write: false,
            alias: { '@weft/runtime': runtimeEntry, '@weft/contract': contractEntry },
            // A CommonJS dependency may call require() on a builtin; give the ESM bundle one.
            banner: { js: `import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);` },
            plugins: [...(generated ? [generatedModules(generated, project, policy)] : []), confineImports(policy)],
            logLevel: 'silent',
        });
        code = result.outputFiles[0]!.text;
    } catch (error) {
        const errors = (error as { errors?: Message[] }).errors;
        if (errors === undefined) throw new BundleError(module, String(error), { cause: error });
        // No cause: esbuild's errors carry lines of the files they are about, which may be host files.
        throw new BundleError(module, errors.map(message => describeBuildError(message, policy, project, path.resolve(root, entryName))).join('; '));
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
    return { file, hash: `sha256:${digest}` };
}

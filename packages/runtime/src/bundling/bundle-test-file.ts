import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Message, Plugin } from 'esbuild';
import { generatedModules, type GeneratedModules } from './generated-modules.js';
import type { ImportPolicy } from './confine-imports.js';

/** Where an error of a test file's bundle is: 1-based line and column, as `file:line:column`. */
export interface TestBundleError {
    readonly file?: string;
    readonly line?: number;
    readonly column?: number;
    readonly message: string;
}

/** A test file is the user's own code, run on the host: nothing is confined, but generated modules are served. */
const ANYTHING: ImportPolicy = { place: () => undefined, module: () => undefined };

/** `packages: 'external'` covers files on disk only: a served generated module's package imports (`@weft/contract`) stay imports too. */
const packagesOfServedModules: Plugin = {
    name: 'weft-test-packages',
    setup(build) {
        build.onResolve({ filter: /^[^./]/, namespace: 'weft-generated' }, args => ({ path: args.path, external: true }));
    },
};

/**
 * Bundles a TypeScript test file into `outFile` (an ES module with an inline source map), so
 * Node runs it without a separate build: packages stay imports (resolved from where `outFile`
 * is, which should be inside `project`), and a generated contract it imports comes from
 * `generated` when the file on disk is missing or generated. `prelude` (JavaScript) runs before
 * the file's own code. Returns the errors, with their places, instead of writing when the file
 * does not compile.
 */
export async function bundleTestFile(file: string, outFile: string, project: string, generated?: GeneratedModules, prelude?: string): Promise<readonly TestBundleError[]> {
    // Loaded here: `weft check` imports this folder's index and never bundles.
    const { build } = await import('esbuild');
    try {
        const result = await build({
            entryPoints: [file], bundle: true, platform: 'node', format: 'esm', target: 'node22', write: false,
            packages: 'external', absWorkingDir: project, outfile: outFile,
            plugins: generated ? [generatedModules(generated, project, ANYTHING), packagesOfServedModules] : [],
            ...(prelude === undefined ? {} : { banner: { js: prelude } }),
            sourcemap: 'inline', logLevel: 'silent',
        });
        await mkdir(path.dirname(outFile), { recursive: true });
        await writeFile(outFile, result.outputFiles[0]!.text);
        return [];
    } catch (error) {
        const errors = (error as { errors?: Message[] }).errors;
        if (errors === undefined) throw error;
        return errors.map(message => message.location === null ? { message: message.text } : {
            file: path.resolve(project, message.location.file), line: message.location.line, column: message.location.column + 1, message: message.text,
        });
    }
}

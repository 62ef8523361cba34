import { readFileSync } from 'node:fs';
import type { GeneratedModules } from './generated-modules.js';

/** The variable `weft test` sets to the file holding the generated contracts of the project's `.weft` files. */
export const GENERATED_MODULES_VARIABLE = 'WEFT_TEST_GENERATED_MODULES';

/** The generated modules as `weft test` writes them: each root with its files (POSIX path → content). */
export interface GeneratedModulesFile {
    readonly roots: readonly string[];
    readonly files: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Writes `generated` in the form {@link generatedModulesFromEnvironment} reads, for every root it has. */
export function generatedModulesFile(generated: GeneratedModules): GeneratedModulesFile {
    return { roots: generated.roots, files: Object.fromEntries(generated.roots.map(root => [root, Object.fromEntries(generated.filesFor(root))])) };
}

/**
 * The generated modules `weft test` compiled for this test process, if it did: step bundles take
 * them from memory, as `weft run`'s do, so a test needs no `weft generate` first.
 */
export function generatedModulesFromEnvironment(env: NodeJS.ProcessEnv = process.env): GeneratedModules | undefined {
    const file = env[GENERATED_MODULES_VARIABLE];
    if (file === undefined || file === '') return undefined;
    const written = JSON.parse(readFileSync(file, 'utf8')) as GeneratedModulesFile;
    return { roots: written.roots, filesFor: root => new Map(Object.entries(written.files[root] ?? {})) };
}

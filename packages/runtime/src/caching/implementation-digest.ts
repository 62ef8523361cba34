import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sha256 } from './digest.js';

// `import … from './x.ts'`, `export … from "../y.js"`, `import('./z.js')`: relative specifiers only.
const relativeImport = /(?:from\s*|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The digest of a step's implementation: its module and every module it reaches through
 * relative imports (what a bundle of the step would hold of the project; packages are left
 * out). Editing a helper the step imports changes the digest.
 */
export async function digestImplementation(modulePath: string): Promise<string> {
    const seen = new Map<string, string>();
    const visit = async (file: string): Promise<void> => {
        if (seen.has(file)) return;
        const text = await fs.readFile(file, 'utf8');
        seen.set(file, sha256(text));
        for (const match of text.matchAll(relativeImport)) {
            const resolved = await resolveModule(path.resolve(path.dirname(file), match[1]!));
            if (resolved !== undefined) await visit(resolved);
        }
    };
    await visit(path.resolve(modulePath));
    const root = path.dirname(path.resolve(modulePath));
    return sha256([...seen].map(([file, digest]) => `${path.relative(root, file)}:${digest}`).sort().join('\n'));
}

/** The file a specifier names: as written, or a `.js` specifier's `.ts` source. */
async function resolveModule(candidate: string): Promise<string | undefined> {
    const options = [candidate, candidate.replace(/\.js$/, '.ts'), `${candidate}.ts`, `${candidate}.js`];
    for (const option of options) {
        const stat = await fs.stat(option).catch(() => undefined);
        if (stat?.isFile()) return option;
    }
    return undefined;
}

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repository = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The conformance cases past the parser's limits (parsing/source-limits.ts): the parsers are
 * never given them, and comparing them token by token would take minutes.
 */
export const beyondLimitsFolder = 'too-deep';

/** Every `.weft` file under `folder`: examples, fixtures, conformance cases (but not those beyond the limits). */
export function weftFiles(folder: string = repository): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
        if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.') || entry.name === beyondLimitsFolder) return [];
        const path = join(folder, entry.name);
        if (entry.isDirectory()) return weftFiles(path);
        return entry.name.endsWith('.weft') ? [path] : [];
    });
}

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repository = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every `.weft` file under `folder`: examples, fixtures, conformance cases. */
export function weftFiles(folder: string = repository): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
        if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
        const path = join(folder, entry.name);
        if (entry.isDirectory()) return weftFiles(path);
        return entry.name.endsWith('.weft') ? [path] : [];
    });
}

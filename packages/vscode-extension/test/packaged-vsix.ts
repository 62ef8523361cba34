import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The extension as `npm run build` packages it. */
export const vsix = path.join(extensionFolder, 'out/weft.vsix');

/** The newest modification time of a file, or of the files under a folder. */
function newestModification(file: string): number {
    const stat = statSync(file);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(0, ...readdirSync(file, { withFileTypes: true, recursive: true })
        .filter(entry => entry.isFile())
        .map(entry => statSync(path.join(entry.parentPath, entry.name)).mtimeMs));
}

/**
 * Throws unless the packaged extension exists and is newer than its sources. Tests never build:
 * `npm test` has run `npm run build`, which packages the extension.
 */
export function expectFreshVsix(): void {
    const sources = [path.join(extensionFolder, 'src'), path.join(extensionFolder, '..', 'language', 'src'), path.join(extensionFolder, 'package.json')];
    const packagedAt = statSync(vsix, { throwIfNoEntry: false })?.mtimeMs;
    if (packagedAt === undefined) throw new Error(`${vsix} is missing: run \`npm run build\``);
    const newer = sources.filter(source => newestModification(source) > packagedAt);
    if (newer.length > 0) throw new Error(`${vsix} is older than ${newer.join(' and ')}: run \`npm run build\``);
}

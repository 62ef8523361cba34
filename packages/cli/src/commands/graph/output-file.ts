import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors.js';

/**
 * The file `--out` names, checked before anything is drawn. `weft graph` writes one file and
 * creates no folder, as `weft keygen` (a mistyped path must not create folders, least of all at
 * the root); `weft generate --out DIR` does create its output folder.
 */
export function outputFile(cwd: string, out: string): string {
    const target = path.resolve(cwd, out);
    const folder = path.dirname(target);
    const folderStats = statSync(folder, { throwIfNoEntry: false });
    if (!folderStats?.isDirectory()) {
        const shown = path.dirname(out);
        throw new UserError(`cannot write ${out}: the folder ${shown} ${folderStats === undefined ? 'does not exist' : 'is not a folder'}`);
    }
    if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`cannot write ${out}: it is a folder`);
    return target;
}

/** Writes `text` to `target`; a failure (permission, full disk) is the user's one-line error. */
export async function writeOutput(target: string, out: string, text: string): Promise<void> {
    try {
        await fs.writeFile(target, text, 'utf8');
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UserError(`cannot write ${out}: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`, { cause: error });
    }
}

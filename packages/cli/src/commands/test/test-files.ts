import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors.js';

/** How a pipeline test file is named: `pipeline.weft.test.ts` tests `pipeline.weft`. */
export const TEST_FILE_SUFFIX = '.weft.test.ts';

/**
 * The test files at `paths` (relative to `cwd`; the working directory when none): a file given
 * by name must be a test file; folders are searched recursively, skipping `node_modules` and
 * hidden folders. Sorted and each once; none at all is a usage error.
 */
export async function findTestFiles(cwd: string, paths: readonly string[]): Promise<string[]> {
    const given = paths.length > 0 ? paths : ['.'];
    const found = new Set<string>();
    for (const each of given) {
        const absolute = path.resolve(cwd, each);
        const stat = await fs.stat(absolute).catch((error: NodeJS.ErrnoException) => {
            throw new UserError(`cannot read ${each}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`);
        });
        if (stat.isDirectory()) {
            for (const file of await filesUnder(absolute, name => name.endsWith(TEST_FILE_SUFFIX))) found.add(file);
        } else if (absolute.endsWith(TEST_FILE_SUFFIX) && stat.isFile()) {
            found.add(absolute);
        } else {
            throw new UserError(`${each} is not a pipeline test file (*${TEST_FILE_SUFFIX})`);
        }
    }
    if (found.size === 0) throw new UserError(`no pipeline test files (*${TEST_FILE_SUFFIX}) in ${given.join(', ')}`);
    return [...found].sort();
}

/** Files under `folder` whose name `matches`, skipping `node_modules` and hidden folders. */
export async function filesUnder(folder: string, matches: (name: string) => boolean): Promise<string[]> {
    const files: string[] = [];
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) files.push(...await filesUnder(file, matches));
        } else if (entry.isFile() && matches(entry.name)) {
            files.push(file);
        }
    }
    return files;
}

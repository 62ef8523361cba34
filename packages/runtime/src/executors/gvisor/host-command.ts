import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** A host tool the executor runs, failing with the command and what it printed. */
export function hostCommand(file: string, args: readonly string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = execFile(file, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${(stderr || error.message).trim()}`));
            else resolve(stdout);
        });
        if (input !== undefined) child.stdin?.end(input);
    });
}

/** The first executable `name` in `searchPath` (colon-separated), or undefined. */
export function findExecutable(name: string, searchPath: string): string | undefined {
    return searchPath.split(path.delimiter)
        .filter(dir => dir !== '')
        .map(dir => path.join(dir, name))
        .find(isExecutable);
}

export function isExecutable(file: string): boolean {
    try {
        accessSync(file, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

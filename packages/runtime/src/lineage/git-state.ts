import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** The git commit a run's project was at, and whether its working tree differed from it. */
export interface GitState {
    /** The full hex id of `HEAD`. */
    readonly commit: string;
    /** Whether tracked files were changed or untracked ones added (Weft's own `.weft` folders aside); absent when it could not be told (no `git` on PATH). */
    readonly dirty?: boolean;
}

/** Weft's state (run store, cache, bundles) changes with every run: it never makes the project dirty. */
const NOT_THE_PROJECT = ':(top,exclude,glob)**/.weft/**';

/**
 * The git state of the repository holding `folder`, or undefined outside one (or in one with
 * no commit yet). Asks `git` when it is on PATH; otherwise reads `HEAD` from `.git` itself,
 * which tells the commit but not whether the tree is dirty.
 */
export async function gitState(folder: string): Promise<GitState | undefined> {
    const head = await git(folder, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    if (head === 'no-git') return readHead(folder);
    if (head === undefined || !/^[0-9a-f]{40,64}$/.test(head.trim())) return undefined;
    const status = await git(folder, ['status', '--porcelain', '--untracked-files=normal', '--', ':/', NOT_THE_PROJECT]);
    return { commit: head.trim(), ...(typeof status === 'string' ? { dirty: status.trim() !== '' } : {}) };
}

/** What `git` printed; undefined when it failed (not a repository, no commit); `no-git` when there is no `git` to run. */
function git(folder: string, args: readonly string[]): Promise<string | undefined | 'no-git'> {
    return new Promise(resolve => {
        execFile('git', ['-C', folder, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (error, stdout) => {
            if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') resolve('no-git');
            else resolve(error ? undefined : stdout);
        });
    });
}

/** `HEAD` read from the nearest `.git` (a folder, or a worktree's `gitdir:` file): a detached id, a loose ref or a packed one. */
async function readHead(folder: string): Promise<GitState | undefined> {
    const gitDir = await findGitDir(path.resolve(folder));
    if (!gitDir) return undefined;
    const head = (await readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (ref === undefined) return /^[0-9a-f]{40,64}$/.test(head) ? { commit: head } : undefined;
    // A linked worktree keeps its HEAD but shares the refs of the main repository.
    const commonDir = await readFile(path.join(gitDir, 'commondir'), 'utf8').then(text => path.resolve(gitDir, text.trim()), () => gitDir);
    for (const dir of [gitDir, commonDir]) {
        const loose = (await readFile(path.join(dir, ref), 'utf8').catch(() => '')).trim();
        if (/^[0-9a-f]{40,64}$/.test(loose)) return { commit: loose };
    }
    const packed = await readFile(path.join(commonDir, 'packed-refs'), 'utf8').catch(() => '');
    const line = packed.split('\n').find(entry => entry.endsWith(` ${ref}`));
    const commit = line?.split(' ')[0];
    return commit !== undefined && /^[0-9a-f]{40,64}$/.test(commit) ? { commit } : undefined;
}

async function findGitDir(folder: string): Promise<string | undefined> {
    for (let current = folder; ; current = path.dirname(current)) {
        const candidate = path.join(current, '.git');
        const info = await stat(candidate).catch(() => undefined);
        if (info?.isDirectory()) return candidate;
        if (info?.isFile()) {
            const target = /^gitdir: (.+)$/m.exec(await readFile(candidate, 'utf8'))?.[1];
            if (target !== undefined) return path.resolve(current, target.trim());
        }
        if (path.dirname(current) === current) return undefined;
    }
}

import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * What bundling a step read, file by file, so that the next request for the same bundle can be
 * answered without esbuild when none of it changed. A file is compared by its stat first
 * (device, inode, size, mtime and ctime in nanoseconds) and by the sha256 of its content only
 * when the stat differs, so an unchanged project costs one stat per file and a `touch` does
 * not re-bundle.
 */
export interface BundleMemo {
    /** The bundle file and its digests, as `bundleStep` returned them. */
    readonly file: string;
    readonly hash: string;
    readonly code: string;
    /** Each file esbuild read, by absolute path: what it was when the bundle was made. */
    readonly inputs: Readonly<Record<string, FileState>>;
    /** Those of `inputs` that put code into the bundle (the rest was read, then tree-shaken away). */
    readonly bundled: readonly string[];
    /**
     * Files that steer how imports resolve without being in the bundle (package.json files, the
     * lock file, tsconfig.json): a change re-bundles; `null` is a file that did not exist.
     */
    readonly guards: Readonly<Record<string, FileState | null>>;
}

/** A file's stat (as strings: nanoseconds do not fit a JSON number) and content digest. */
export interface FileState {
    readonly stat: string;
    readonly digest: string;
}

/** The memo at `file` when it still describes the files on disk and its bundle (in `bundles`, named by its digest) exists; else undefined. */
export async function validMemo(file: string, bundles: string): Promise<BundleMemo | undefined> {
    const memo = await fs.readFile(file, 'utf8').then(text => JSON.parse(text) as BundleMemo, () => undefined);
    if (!memo || typeof memo.inputs !== 'object' || typeof memo.guards !== 'object' || !Array.isArray(memo.bundled)) return undefined;
    if (typeof memo.hash !== 'string' || memo.file !== path.join(bundles, `${memo.hash.replace(/^sha256:/, '')}.mjs`) || !existsSync(memo.file)) return undefined;
    for (const [input, state] of Object.entries(memo.inputs)) if (!await unchanged(input, state)) return undefined;
    for (const [guard, state] of Object.entries(memo.guards)) {
        if (state === null ? existsSync(guard) : !await unchanged(guard, state)) return undefined;
    }
    return memo;
}

/**
 * The states of `inputs` and `guards` now. `settled` is false when one was modified after
 * `since` (the time the bundle was started) or is gone: esbuild may have read it before that
 * edit, so such a memo must not be kept (the next request bundles again).
 */
export async function fileStates(inputs: readonly string[], guards: readonly string[], since: number): Promise<Pick<BundleMemo, 'inputs' | 'guards'> & { readonly settled: boolean }> {
    const states = async (files: readonly string[]) => Promise.all(files.map(async file => [file, await stateOf(file, since)] as const));
    const inputStates = await states(inputs);
    const guardStates = await states(guards);
    const settled = [...inputStates, ...guardStates].every(([, state]) => !state?.racy) && inputStates.every(([, state]) => state !== null);
    return {
        inputs: Object.fromEntries(inputStates.map(([file, state]) => [file, state ? fileState(state) : { stat: '', digest: '' }])),
        guards: Object.fromEntries(guardStates.map(([file, state]) => [file, state ? fileState(state) : null])),
        settled,
    };
}

export async function writeMemo(file: string, memo: BundleMemo): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await fs.writeFile(temporary, JSON.stringify(memo), { mode: 0o600 });
    await fs.rename(temporary, file);
}

async function unchanged(file: string, state: FileState): Promise<boolean> {
    const stat = await fs.stat(file, { bigint: true }).catch(() => undefined);
    if (!stat?.isFile()) return false;
    if (statText(stat) === state.stat) return true;
    return await digestFile(file) === state.digest;
}

async function stateOf(file: string, since: number): Promise<FileState & { readonly racy: boolean } | null> {
    const stat = await fs.stat(file, { bigint: true }).catch(() => undefined);
    if (!stat?.isFile()) return null;
    const ms = (ns: bigint) => Number(ns / 1000n) / 1000;
    return { stat: statText(stat), digest: await digestFile(file), racy: ms(stat.mtimeNs) >= since || ms(stat.ctimeNs) >= since };
}

function fileState(state: FileState): FileState {
    return { stat: state.stat, digest: state.digest };
}

function statText(stat: import('node:fs').BigIntStats): string {
    return [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(':');
}

/** `sha256:` and the hex digest of a file's bytes. */
async function digestFile(file: string): Promise<string> {
    return `sha256:${createHash('sha256').update(await fs.readFile(file)).digest('hex')}`;
}

import { existsSync, mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ArtifactStore, FileTaskCache, type RunRecord, SqliteRunStore, type RunStore } from '@weft/runtime';
import { UserError } from '../../errors.js';

/**
 * A project's run state, all under `<project>/.weft/`: `runs.db` (the run store), `build/`
 * (generated plans), `work/` (attempt folders and step outputs), `cache/` (the step cache) and
 * `pids/` (which process runs which run). The project is the nearest folder at or above `from`
 * holding a package.json, or `from` itself when there is none.
 */
export interface Project {
    readonly folder: string;
    readonly stateFolder: string;
    readonly storeFile: string;
    readonly buildFolder: string;
    readonly workFolder: string;
    readonly cacheFolder: string;
    readonly pidsFolder: string;
}

export function projectAt(from: string): Project {
    let folder = path.resolve(from);
    for (let candidate = folder; ; candidate = path.dirname(candidate)) {
        if (existsSync(path.join(candidate, 'package.json'))) {
            folder = candidate;
            break;
        }
        if (path.dirname(candidate) === candidate) break;
    }
    const stateFolder = path.join(folder, '.weft');
    return {
        folder, stateFolder,
        storeFile: path.join(stateFolder, 'runs.db'),
        buildFolder: path.join(stateFolder, 'build'),
        workFolder: path.join(stateFolder, 'work'),
        cacheFolder: path.join(stateFolder, 'cache'),
        pidsFolder: path.join(stateFolder, 'pids'),
    };
}

/** The project's run store, created on first use. */
export function openStore(project: Project): SqliteRunStore {
    mkdirSync(project.stateFolder, { recursive: true });
    return new SqliteRunStore(project.storeFile);
}

export function openCache(project: Project): FileTaskCache {
    // The executors' artifact store (`<state>/artifacts`): cached outputs are not copied again.
    return new FileTaskCache(project.cacheFolder, new ArtifactStore(path.join(project.stateFolder, 'artifacts')));
}

/** The run with this id, or the one run whose id starts with it. */
export function findRun(store: RunStore, idOrPrefix: string): RunRecord {
    const exact = store.run(idOrPrefix);
    if (exact) return exact;
    const matches = store.runs().filter(run => run.id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new UserError(`there is no run ${idOrPrefix} in this project (see \`weft runs\`)`);
    throw new UserError(`${idOrPrefix} names ${matches.length} runs; give more of the id`);
}

/** Records that this process runs `runId`, so `weft cancel` can signal it; returns the cleanup. */
export async function recordPid(project: Project, runId: string): Promise<() => Promise<void>> {
    await fs.mkdir(project.pidsFolder, { recursive: true });
    const file = path.join(project.pidsFolder, runId);
    await fs.writeFile(file, `${process.pid}\n`, 'utf8');
    return () => fs.rm(file, { force: true });
}

/** The live process running `runId`, if its pid file names one that is still a weft process. */
export async function livePid(project: Project, runId: string): Promise<number | undefined> {
    const text = await fs.readFile(path.join(project.pidsFolder, runId), 'utf8').catch(() => undefined);
    const pid = Number(text?.trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    try {
        process.kill(pid, 0);
    } catch {
        return undefined;
    }
    // A reused pid must not be signalled: on Linux, check that it is still weft.
    const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
    return commandLine === undefined || commandLine.includes('weft') ? pid : undefined;
}

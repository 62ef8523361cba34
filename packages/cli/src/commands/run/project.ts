import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { ArtifactStore, FileTaskCache, type RunRecord, SqliteRunStore, type RunStore } from '@weft/runtime';
import { UserError } from '../../errors.js';

/**
 * A project's run state, all under `<project>/.weft/`: `runs.db` (the run store, which also
 * records which process drives each run), `work/` (attempt folders and step outputs) and
 * `cache/` (the step cache). The project is the nearest folder at or above
 * `from` holding a package.json, or `from` itself when there is none.
 */
export interface Project {
    readonly folder: string;
    readonly stateFolder: string;
    readonly storeFile: string;
    readonly workFolder: string;
    readonly cacheFolder: string;
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
    return projectWithState(folder, path.join(folder, '.weft'));
}

/** The project in `folder` with its run state in `stateFolder` (a built artifact's `--store`). */
export function projectWithState(folder: string, stateFolder: string): Project {
    return {
        folder, stateFolder,
        storeFile: path.join(stateFolder, 'runs.db'),
        workFolder: path.join(stateFolder, 'work'),
        cacheFolder: path.join(stateFolder, 'cache'),
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

import { artifactLineage, LineageLookupError, type LineageGraph, resolveDigest, runLineage, type RunStore } from '@weft/runtime';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { openStore, projectAt } from '../run/project.js';

export interface LineageOptions {
    /** A run id or an artifact digest (`sha256:…`), or a unique prefix of either; `sha256:` forces a digest. */
    readonly id: string;
}

/**
 * Where an artifact came from and what used it, or everything a run consumed and produced.
 * Throws a user's-fault error for an id that names nothing, several runs, or both a run and an artifact.
 */
export async function lineage(options: LineageOptions, io: CliIo): Promise<LineageGraph> {
    const store = openStore(projectAt(io.cwd));
    try {
        return lineageOf(store, options.id);
    } finally {
        store.close();
    }
}

function lineageOf(store: RunStore, id: string): LineageGraph {
    const runs = id.toLowerCase().startsWith('sha256:') ? [] : store.runs().filter(run => run.id.startsWith(id));
    if (runs.length === 1 && runs[0]!.id === id) return runLineage(store, id);
    let digest: string | undefined;
    let digestProblem: LineageLookupError | undefined;
    try {
        digest = resolveDigest(store, id);
    } catch (error) {
        if (!(error instanceof LineageLookupError)) throw error;
        digestProblem = error;
    }
    if (digest !== undefined && runs.length > 0) throw new UserError(`${id} names a run and an artifact; give more of the run id, or sha256:${id} for the artifact`);
    if (digest !== undefined) return artifactLineage(store, digest);
    if (runs.length === 1) return runLineage(store, runs[0]!.id);
    if (runs.length > 1) throw new UserError(`${id} names ${runs.length} runs; give more of the id`);
    throw new UserError(digestProblem!.reason === 'unknown' ? `there is no run or artifact ${id} in this project (see \`weft runs\`)` : digestProblem!.message);
}

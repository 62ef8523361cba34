import type { RunRecord } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { openStore, projectAt } from '../run/project.js';

/** The runs recorded in the project's run store (created if missing), newest first. */
export async function runs(io: CliIo): Promise<readonly RunRecord[]> {
    const store = openStore(projectAt(io.cwd));
    try {
        return [...store.runs()].sort((a, b) => b.createdAt - a.createdAt);
    } finally {
        store.close();
    }
}

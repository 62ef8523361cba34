// `lineage` called directly: a run or an artifact by id or prefix; an id that names nothing,
// several runs, or a run and an artifact at once is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { TaskState } from '@weft/runtime';
import { lineage } from '../../../src/commands/lineage/lineage.js';
import { projectStore, recordRun, tempProject, testIo, userErrorOf } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

const model = `sha256:abcd${'1'.repeat(60)}`;

/** Runs `abcd-run` (its task `make` produced the model) and `abcx-run`. */
function project(): string {
    const folder = tempProject();
    const store = projectStore(folder);
    cleanups.push(() => store.close());
    recordRun(store, 'abcd-run', { make: TaskState.Completed });
    store.startAttempt('abcd-run', 'make', 1, 1);
    store.finishAttempt('abcd-run', 'make', 1, 2, 'completed');
    store.recordArtifacts('abcd-run', [{ taskId: 'make', output: 'model', kind: 'model', attempt: 1, digest: model, size: 42 }]);
    recordRun(store, 'abcx-run', {});
    return folder;
}

describe('lineage', () => {
    it('returns a whole run by its id, and an artifact by a prefix of its digest', async () => {
        const io = testIo(project());
        const run = await lineage({ id: 'abcd-run' }, io);
        expect(run.runId).toBe('abcd-run');
        expect(run.edges).toEqual([{ from: 'task:abcd-run:make', to: `artifact:${model}`, label: 'model' }]);
        const artifact = await lineage({ id: 'sha256:abcd1111' }, io);
        expect(artifact.focus).toBe(`artifact:${model}`);
        expect(artifact.nodes).toContainEqual(expect.objectContaining({ type: 'artifact', digest: model, kind: 'model', size: 42 }));
    });

    it('refuses an id that names nothing, several runs, or a run and an artifact', async () => {
        const io = testIo(project());
        expect(await userErrorOf(lineage({ id: 'ffff' }, io))).toBe('there is no run or artifact ffff in this project (see `weft runs`)');
        expect(await userErrorOf(lineage({ id: 'abc' }, io))).toBe('abc names 2 runs; give more of the id');
        expect(await userErrorOf(lineage({ id: 'abcd' }, io))).toBe('abcd names a run and an artifact; give more of the run id, or sha256:abcd for the artifact');
        expect(await userErrorOf(lineage({ id: 'sha256:zz' }, io))).toBe('sha256:zz is not a digest (give at least 4 hex digits of a sha256) nor a run id');
    });
});

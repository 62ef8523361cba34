// `runs` called directly: the project's runs, newest first, from the store it creates on first use.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runs } from '../../../src/commands/runs/runs.js';
import { deadDriver, projectStore, recordRun, tempProject, testIo } from '../project-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach(cleanup => cleanup()));

describe('runs', () => {
    it('returns the recorded runs newest first, with their status', async () => {
        const folder = tempProject();
        const store = projectStore(folder);
        cleanups.push(() => store.close());
        recordRun(store, 'run-old', {}, { createdAt: 1_000 });
        recordRun(store, 'run-new', {}, { createdAt: 3_000, driver: deadDriver });
        recordRun(store, 'run-mid', {}, { createdAt: 2_000 });
        store.finishRun('run-old', 'completed', 1_500);
        const listed = await runs(testIo(folder));
        expect(listed.map(run => [run.id, run.status])).toEqual([['run-new', 'running'], ['run-mid', 'running'], ['run-old', 'completed']]);
        expect(listed[2]).toMatchObject({ pipeline: 'train', createdAt: 1_000, finishedAt: 1_500 });
    });

    it('returns no runs for a project that has none, from a run store it creates under .weft/', async () => {
        const folder = tempProject();
        expect(await runs(testIo(path.join(folder)))).toEqual([]);
        expect(existsSync(path.join(folder, '.weft', 'runs.db'))).toBe(true);
    });
});

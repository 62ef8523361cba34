// A run store written by layout 1 (before lineage), 2 (before driver claims and code digests),
// 3 (before each attempt's memory), 4 (capitalised task states) or 5 (before git state) opens under the current layout:
// migrated in place, its runs and artifacts kept; a store of a newer layout is refused with a clear message.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteRunStore, StoreSchemaError } from '../../src/store/sqlite-run-store.js';
import { STORE_SCHEMA_VERSION, storeMigrations } from '../../src/store/store-schema.js';
import { TaskState } from '../../src/lifecycle/task-state.js';

/** The tables of layout 1 that lineage changed or sits beside, as weft 0.1 wrote them. */
const layoutOne = `
CREATE TABLE runs (id TEXT PRIMARY KEY, pipeline TEXT NOT NULL, plan TEXT NOT NULL, parameters TEXT NOT NULL, root TEXT NOT NULL,
    settings TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, finished_at INTEGER, outputs TEXT);
CREATE TABLE tasks (run_id TEXT NOT NULL REFERENCES runs(id), id TEXT NOT NULL, node TEXT NOT NULL, element INTEGER, state TEXT NOT NULL,
    attempts INTEGER NOT NULL, failed_for_good INTEGER NOT NULL, outputs TEXT, failure TEXT, PRIMARY KEY (run_id, id));
CREATE TABLE artifacts (run_id TEXT NOT NULL, task_id TEXT NOT NULL, output TEXT NOT NULL, kind TEXT NOT NULL, path TEXT,
    PRIMARY KEY (run_id, task_id, output));
CREATE TABLE attempts (run_id TEXT NOT NULL, task_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL,
    finished_at INTEGER, status TEXT, message TEXT, PRIMARY KEY (run_id, task_id, attempt));
CREATE TABLE transitions (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, task_id TEXT NOT NULL, from_state TEXT NOT NULL,
    to_state TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT);
INSERT INTO runs VALUES ('old-run', 'p', '{"nodes":[]}', '{}', '/r', '{}', 'completed', 1, 2, NULL);
INSERT INTO artifacts VALUES ('old-run', 'a', 'model', 'model', '/r/m.json');
PRAGMA user_version = 1;`;

function storeFile(): string {
    return path.join(mkdtempSync(path.join(tmpdir(), 'weft-store-')), 'runs.db');
}

describe('run store layouts', () => {
    it('migrates a layout-1 store: old rows stay, lineage columns and tables appear', () => {
        const file = storeFile();
        const old = new DatabaseSync(file);
        old.exec(layoutOne);
        old.close();
        const store = new SqliteRunStore(file);
        expect(store.run('old-run')?.status).toBe('completed');
        expect(store.artifacts('old-run')).toEqual([{ taskId: 'a', output: 'model', kind: 'model', path: '/r/m.json' }]);
        store.recordArtifacts('old-run', [{ taskId: 'b', output: 'x', kind: 'file', path: '/r/x', attempt: 2, digest: 'sha256:abcd', size: 4 }]);
        store.recordRunInputs('old-run', [{ name: 'data', kind: 'dataset', digest: 'sha256:ef01' }]);
        expect(store.artifactsWithDigest('sha256:ab')).toEqual([{ runId: 'old-run', taskId: 'b', output: 'x', kind: 'file', path: '/r/x', attempt: 2, digest: 'sha256:abcd', size: 4 }]);
        expect(store.runInputsWithDigest('sha256:ef')).toEqual([{ runId: 'old-run', name: 'data', kind: 'dataset', digest: 'sha256:ef01' }]);
        store.close();
        const reopened = new DatabaseSync(file);
        expect(reopened.prepare('PRAGMA user_version').get()).toEqual({ user_version: STORE_SCHEMA_VERSION });
        reopened.close();
        // Opening it again is a no-op.
        expect(new SqliteRunStore(file).artifacts('old-run')).toHaveLength(2);
    });

    it('migrates a layout-2 store: its running run has no driver (any process may take it over) and its tasks no recorded code', () => {
        const file = storeFile();
        const old = new DatabaseSync(file);
        old.exec(layoutOne.replace('PRAGMA user_version = 1;', `
INSERT INTO runs VALUES ('live-run', 'p', '{"nodes":[]}', '{}', '/r', '{}', 'running', 1, NULL, NULL);
INSERT INTO tasks VALUES ('live-run', 'a', 'a', NULL, 'Completed', 1, 0, '{"value":1}', NULL);
${storeMigrations[1]}
PRAGMA user_version = 2;`));
        old.close();
        const store = new SqliteRunStore(file);
        expect(store.run('live-run')).toMatchObject({ status: 'running' });
        expect(store.run('live-run')?.driver).toBeUndefined();
        expect(store.tasks('live-run')).toEqual([{ runId: 'live-run', id: 'a', node: 'a', state: TaskState.Completed, attempts: 1, failedForGood: false, outputs: { value: 1 } }]);
        expect(store.claimRun('live-run', { pid: 1, host: 'h', startTime: 's' })).toBeUndefined();
        expect(store.run('live-run')?.driver).toEqual({ pid: 1, host: 'h', startTime: 's' });
        store.close();
    });

    it('migrates a layout-3 store: its attempts have no recorded memory, new ones do', () => {
        const file = storeFile();
        const old = new DatabaseSync(file);
        old.exec(layoutOne.replace('PRAGMA user_version = 1;', `
INSERT INTO runs VALUES ('live-run', 'p', '{"nodes":[]}', '{}', '/r', '{}', 'running', 1, NULL, NULL);
INSERT INTO attempts VALUES ('live-run', 'a', 1, 5, 6, 'failed', 'boom');
${storeMigrations[1]}
${storeMigrations[2]}
PRAGMA user_version = 3;`));
        old.close();
        const store = new SqliteRunStore(file);
        store.startAttempt('live-run', 'a', 2, 7, 256 * 2 ** 20);
        expect(store.attempts('live-run', 'a')).toEqual([
            { taskId: 'a', attempt: 1, startedAt: 5, finishedAt: 6, status: 'failed', message: 'boom' },
            { taskId: 'a', attempt: 2, startedAt: 7, memory: 256 * 2 ** 20 },
        ]);
        store.close();
    });

    it('migrates a layout-4 store: its capitalised task states and transitions read lowercase, and the run goes on from them', () => {
        const file = storeFile();
        const old = new DatabaseSync(file);
        old.exec(layoutOne.replace('PRAGMA user_version = 1;', `
INSERT INTO runs VALUES ('live-run', 'p', '{"nodes":[]}', '{}', '/r', '{}', 'running', 1, NULL, NULL);
${storeMigrations[1]}
${storeMigrations[2]}
${storeMigrations[3]}
INSERT INTO tasks (run_id, id, node, element, state, attempts, failed_for_good) VALUES
    ('live-run', 'a', 'a', NULL, 'Completed', 1, 0), ('live-run', 'b', 'b', NULL, 'Failed', 1, 0), ('live-run', 'c', 'c', NULL, 'Pending', 0, 0);
INSERT INTO transitions (run_id, task_id, from_state, to_state, at) VALUES
    ('live-run', 'a', 'Pending', 'Allocating', 1), ('live-run', 'a', 'Allocating', 'Running', 2), ('live-run', 'a', 'Running', 'Completed', 3),
    ('live-run', 'b', 'Pending', 'Allocating', 1), ('live-run', 'b', 'Allocating', 'Failed', 2);
PRAGMA user_version = 4;`));
        old.close();
        const store = new SqliteRunStore(file);
        expect(store.tasks('live-run').map(task => [task.id, task.state])).toEqual([
            ['a', TaskState.Completed], ['b', TaskState.Failed], ['c', TaskState.Pending],
        ]);
        expect(store.transitions('live-run').map(change => `${change.taskId}: ${change.from} → ${change.to}`)).toEqual([
            'a: pending → allocating', 'a: allocating → running', 'a: running → completed',
            'b: pending → allocating', 'b: allocating → failed',
        ]);
        // A transition from the migrated state finds the task in it.
        store.recordTransition({ runId: 'live-run', taskId: 'b', from: TaskState.Failed, to: TaskState.Pending, at: 4 });
        expect(store.tasks('live-run').find(task => task.id === 'b')?.state).toBe(TaskState.Pending);
        store.close();
    });

    it('migrates a layout-5 store: its runs have no git state, new ones keep theirs', () => {
        const file = storeFile();
        const old = new DatabaseSync(file);
        old.exec(layoutOne.replace('PRAGMA user_version = 1;', `
${storeMigrations[1]}
${storeMigrations[2]}
${storeMigrations[3]}
${storeMigrations[4]}
PRAGMA user_version = 5;`));
        old.close();
        const store = new SqliteRunStore(file);
        expect(store.run('old-run')?.git).toBeUndefined();
        const commit = 'a'.repeat(40);
        store.createRun({ id: 'clean', pipeline: 'p', plan: { nodes: [] } as never, root: '/r', createdAt: 2, parameters: {}, settings: {}, git: { commit, dirty: false } });
        store.createRun({ id: 'unknown', pipeline: 'p', plan: { nodes: [] } as never, root: '/r', createdAt: 3, parameters: {}, settings: {}, git: { commit } });
        expect(store.run('clean')?.git).toEqual({ commit, dirty: false });
        expect(store.run('unknown')?.git).toEqual({ commit });
        store.close();
    });

    it('refuses a store of a newer layout, naming both layouts', () => {
        const file = storeFile();
        const newer = new DatabaseSync(file);
        newer.exec(`PRAGMA user_version = ${STORE_SCHEMA_VERSION + 1}`);
        newer.close();
        expect(() => new SqliteRunStore(file)).toThrow(StoreSchemaError);
        expect(() => new SqliteRunStore(file)).toThrow(`has layout ${STORE_SCHEMA_VERSION + 1}, newer than this runtime's layout ${STORE_SCHEMA_VERSION}`);
    });
});

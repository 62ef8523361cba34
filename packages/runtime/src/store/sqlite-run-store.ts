import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan } from '../contract/plan.js';
import type { FailureRecord } from '../plan/failure.js';
import { readStoredPlan } from '../plan/read-plan.js';
import type { TaskState } from '../lifecycle/task-state.js';
import { loadSqlite } from './load-sqlite.js';
import { driverIsAlive, type RunDriver, sameDriver } from './run-driver.js';
import {
    type ArtifactRecord, type AttemptRecord, type NewRun, type RunEvent, type RunInputRecord, type RunRecord, type RunStatus, type RunStore, StoreConflictError,
    type StoredJson, type TaskChange, type TaskInputRecord, type TaskRecord, type TransitionRecord, UnknownRunError,
} from './run-store.js';
import { STORE_SCHEMA_VERSION, storeMigrations, storeSchema } from './store-schema.js';
import { asStoreWriteError } from './store-write-error.js';

type Row = Record<string, SQLInputValue>;

/** How many writes a group commit holds at most: a run that never yields to the event loop still commits as it goes. */
const GROUP_COMMIT_LIMIT = 1000;

/** A store of another layout than this runtime writes. */
export class StoreSchemaError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'store-schema';

    constructor(readonly file: string, readonly found: number) {
        super(`the run store ${file} has layout ${found}, newer than this runtime's layout ${STORE_SCHEMA_VERSION}; use a newer weft`);
        this.name = 'StoreSchemaError';
    }
}

/**
 * The run store in one SQLite file (`node:sqlite`, WAL journal, `synchronous = NORMAL`):
 * `:memory:` for a run that need not survive its process.
 *
 * Group commit: the writes made in one turn of the event loop go to SQLite in one transaction,
 * committed when the turn ends (`setImmediate`), after `GROUP_COMMIT_LIMIT` writes, or at once by
 * `flush()` and by the writes others act on (a run's end, its driver claim, a pause). Groups
 * commit in order, so after `kill -9` the store holds a prefix of the writes: the last group may
 * be lost, never one in the middle (docs/runtime.md, "Durability").
 */
export class SqliteRunStore implements RunStore {
    private readonly db: DatabaseSync;
    private readonly statements = new Map<string, StatementSync>();
    /** The open group's write count, while one is open. */
    private group: { writes: number } | undefined;
    /** A group commit that failed after its writes had returned: the next write or flush throws it. */
    private failedCommit: { readonly error: unknown; thrown: boolean } | undefined;
    /** Told once the open group has committed (progress shows only what the store holds). */
    private committed: (() => void)[] = [];
    /** The plans of runs this store created or has read, by run id: a stored plan is parsed and its version checked once, and one handed in is trusted as it is. */
    private readonly plans = new Map<string, CompiledPlan>();

    constructor(readonly file: string = ':memory:') {
        const { DatabaseSync } = loadSqlite();
        this.db = new DatabaseSync(file);
        try {
            this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
        } catch (error) {
            throw asStoreWriteError(error, file);
        }
        const version = Number((this.statement('PRAGMA user_version').get() as Row)['user_version']);
        if (version > STORE_SCHEMA_VERSION) throw new StoreSchemaError(file, version);
        if (version < STORE_SCHEMA_VERSION) {
            // One transaction: a store is migrated whole or not at all.
            this.transaction(() => {
                for (let from = version; from > 0 && from < STORE_SCHEMA_VERSION; from++) this.db.exec(storeMigrations[from]!);
                this.db.exec(storeSchema);
                this.db.exec(`PRAGMA user_version = ${STORE_SCHEMA_VERSION}`);
            });
            this.flush();
        }
    }

    createRun(run: NewRun, tasks: readonly TaskRecord[] = [], driver?: RunDriver): void {
        this.flush();
        this.transaction(() => {
            this.statement(`INSERT INTO runs (id, pipeline, plan, parameters, root, settings, status, created_at, driver_pid, driver_host, driver_start, git_commit, git_dirty)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
                .run(run.id, run.pipeline, JSON.stringify(run.plan), JSON.stringify(run.parameters), run.root, JSON.stringify(run.settings), 'running', run.createdAt,
                    driver?.pid ?? null, driver?.host ?? null, driver?.startTime ?? null,
                    run.git?.commit ?? null, run.git?.dirty === undefined ? null : run.git.dirty ? 1 : 0);
            for (const task of tasks) this.insertTaskRow(task);
        });
        this.flush();
        this.plans.set(run.id, run.plan);
    }

    run(runId: string): RunRecord | undefined {
        const row = this.statement('SELECT * FROM runs WHERE id = ?').get(runId) as Row | undefined;
        return row && this.runFromRow(row);
    }

    runs(): readonly RunRecord[] {
        return (this.statement('SELECT * FROM runs ORDER BY created_at').all() as Row[]).map(row => this.runFromRow(row));
    }

    /** A run as stored; its plan is read when first asked for, since listing runs needs none. */
    private runFromRow(row: Row): RunRecord {
        const id = String(row['id']);
        const planText = String(row['plan']);
        const plans = this.plans;
        return {
            id,
            pipeline: String(row['pipeline']),
            get plan(): CompiledPlan {
                let plan = plans.get(id);
                if (plan === undefined) {
                    plan = readStoredPlan(planText, `the stored plan of run ${id}`);
                    plans.set(id, plan);
                }
                return plan;
            },
            parameters: JSON.parse(String(row['parameters'])) as Record<string, StoredJson>,
            root: String(row['root']),
            settings: JSON.parse(String(row['settings'])) as Record<string, StoredJson>,
            status: String(row['status']) as RunStatus,
            createdAt: Number(row['created_at']),
            ...(row['finished_at'] === null ? {} : { finishedAt: Number(row['finished_at']) }),
            ...(row['outputs'] === null ? {} : { outputs: JSON.parse(String(row['outputs'])) as Record<string, StoredJson> }),
            ...(row['driver_pid'] === null ? {} : { driver: { pid: Number(row['driver_pid']), host: String(row['driver_host']), startTime: String(row['driver_start']) } }),
            ...(row['paused'] === 1 ? { paused: true } : {}),
            ...(row['git_commit'] === null ? {} : { git: { commit: String(row['git_commit']), ...(row['git_dirty'] === null ? {} : { dirty: row['git_dirty'] === 1 }) } }),
        };
    }

    finishRun(runId: string, status: Exclude<RunStatus, 'running'>, at: number, outputs?: Readonly<Record<string, StoredJson>>): void {
        this.write(() => this.statement(`UPDATE runs SET status = ?, finished_at = ?, outputs = ?, driver_pid = NULL, driver_host = NULL, driver_start = NULL, paused = 0
                WHERE id = ?`).run(status, at, outputs === undefined ? null : JSON.stringify(outputs), runId));
        // A run's end is what its caller is told: committed before `finishRun` returns.
        this.flush();
    }

    claimRun(runId: string, driver: RunDriver): RunDriver | undefined {
        // A claim is its own group: one that is refused abandons nothing else.
        this.flush();
        let holder: RunDriver | undefined;
        this.transaction(() => {
            const run = this.run(runId);
            if (!run) throw new UnknownRunError(runId);
            if (run.driver && !sameDriver(run.driver, driver) && driverIsAlive(run.driver)) {
                holder = run.driver;
                return;
            }
            this.statement('UPDATE runs SET driver_pid = ?, driver_host = ?, driver_start = ?, paused = 0 WHERE id = ?')
                .run(driver.pid, driver.host, driver.startTime, runId);
        });
        this.flush();
        return holder;
    }

    releaseRun(runId: string, driver: RunDriver): void {
        this.write(() => this.statement(`UPDATE runs SET driver_pid = NULL, driver_host = NULL, driver_start = NULL, paused = 0
                WHERE id = ? AND driver_pid = ? AND driver_host = ? AND driver_start = ?`).run(runId, driver.pid, driver.host, driver.startTime));
        this.flush();
    }

    setRunPaused(runId: string, paused: boolean): void {
        this.write(() => this.statement('UPDATE runs SET paused = ? WHERE id = ?').run(paused ? 1 : 0, runId));
        this.flush();
    }

    insertTask(task: TaskRecord): void {
        this.write(() => this.insertTaskRow(task));
    }

    private insertTaskRow(task: TaskRecord): void {
        this.statement('INSERT INTO tasks (run_id, id, node, element, state, attempts, failed_for_good, outputs, failure, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(task.runId, task.id, task.node, task.index ?? null, task.state, task.attempts, task.failedForGood ? 1 : 0,
                jsonOrNull(task.outputs), jsonOrNull(task.failure), task.code ?? null);
    }

    tasks(runId: string): readonly TaskRecord[] {
        return (this.statement('SELECT * FROM tasks WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(row => ({
            runId: String(row['run_id']),
            id: String(row['id']),
            node: String(row['node']),
            ...(row['element'] === null ? {} : { index: Number(row['element']) }),
            state: String(row['state']) as TaskState,
            attempts: Number(row['attempts']),
            failedForGood: row['failed_for_good'] === 1,
            ...(row['outputs'] === null ? {} : { outputs: JSON.parse(String(row['outputs'])) as StoredJson }),
            ...(row['failure'] === null ? {} : { failure: JSON.parse(String(row['failure'])) as FailureRecord }),
            ...(row['code'] === null ? {} : { code: String(row['code']) }),
        }));
    }

    recordTransition(change: TaskChange): void {
        this.transaction(() => {
            const updated = this.statement(`UPDATE tasks SET state = ?,
                    attempts = COALESCE(?, attempts), failed_for_good = COALESCE(?, failed_for_good),
                    outputs = COALESCE(?, outputs), failure = COALESCE(?, failure), code = COALESCE(?, code)
                WHERE run_id = ? AND id = ? AND state = ?`)
                .run(change.to, change.attempts ?? null, change.failedForGood === undefined ? null : change.failedForGood ? 1 : 0,
                    jsonOrNull(change.outputs), jsonOrNull(change.failure), change.code ?? null, change.runId, change.taskId, change.from);
            if (Number(updated.changes) !== 1) throw new StoreConflictError(change.runId, change.taskId, change.from);
            this.statement('INSERT INTO transitions (run_id, task_id, from_state, to_state, at, reason) VALUES (?, ?, ?, ?, ?, ?)')
                .run(change.runId, change.taskId, change.from, change.to, change.at, change.reason ?? null);
        });
    }

    transitions(runId: string, taskId?: string): readonly TransitionRecord[] {
        const rows = (taskId === undefined
            ? this.statement('SELECT * FROM transitions WHERE run_id = ? ORDER BY seq').all(runId)
            : this.statement('SELECT * FROM transitions WHERE run_id = ? AND task_id = ? ORDER BY seq').all(runId, taskId)) as Row[];
        return rows.map(row => ({
            taskId: String(row['task_id']),
            from: String(row['from_state']) as TaskState,
            to: String(row['to_state']) as TaskState,
            at: Number(row['at']),
            ...(row['reason'] === null ? {} : { reason: String(row['reason']) }),
        }));
    }

    startAttempt(runId: string, taskId: string, attempt: number, at: number, memory?: number): void {
        // A resumed run may start an attempt number again when the first one was lost in a crash.
        this.write(() => this.statement('INSERT OR REPLACE INTO attempts (run_id, task_id, attempt, started_at, memory) VALUES (?, ?, ?, ?, ?)')
            .run(runId, taskId, attempt, at, memory !== undefined && Number.isFinite(memory) && memory > 0 ? memory : null));
    }

    finishAttempt(runId: string, taskId: string, attempt: number, at: number, status: NonNullable<AttemptRecord['status']>, message?: string): void {
        this.write(() => this.statement('UPDATE attempts SET finished_at = ?, status = ?, message = ? WHERE run_id = ? AND task_id = ? AND attempt = ?')
            .run(at, status, message ?? null, runId, taskId, attempt));
    }

    attempts(runId: string, taskId?: string): readonly AttemptRecord[] {
        const rows = (taskId === undefined
            ? this.statement('SELECT * FROM attempts WHERE run_id = ? ORDER BY started_at, task_id, attempt').all(runId)
            : this.statement('SELECT * FROM attempts WHERE run_id = ? AND task_id = ? ORDER BY attempt').all(runId, taskId)) as Row[];
        return rows.map(row => ({
            taskId: String(row['task_id']),
            attempt: Number(row['attempt']),
            startedAt: Number(row['started_at']),
            ...(row['finished_at'] === null ? {} : { finishedAt: Number(row['finished_at']) }),
            ...(row['status'] === null ? {} : { status: String(row['status']) as NonNullable<AttemptRecord['status']> }),
            ...(row['message'] === null ? {} : { message: String(row['message']) }),
            ...(row['memory'] === null || row['memory'] === undefined ? {} : { memory: Number(row['memory']) }),
        }));
    }

    appendEvent(runId: string, event: RunEvent): void {
        this.write(() => this.statement('INSERT INTO events (run_id, task_id, attempt, at, level, message, fields) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(runId, event.taskId ?? null, event.attempt ?? null, event.at, event.level, event.message, jsonOrNull(event.fields)));
    }

    events(runId: string, taskId?: string, skip = 0): readonly RunEvent[] {
        const rows = (taskId === undefined
            ? this.statement('SELECT * FROM events WHERE run_id = ? ORDER BY seq LIMIT -1 OFFSET ?').all(runId, skip)
            : this.statement('SELECT * FROM events WHERE run_id = ? AND task_id = ? ORDER BY seq LIMIT -1 OFFSET ?').all(runId, taskId, skip)) as Row[];
        return rows.map(row => ({
            at: Number(row['at']),
            ...(row['task_id'] === null ? {} : { taskId: String(row['task_id']) }),
            ...(row['attempt'] === null ? {} : { attempt: Number(row['attempt']) }),
            level: String(row['level']) as RunEvent['level'],
            message: String(row['message']),
            ...(row['fields'] === null ? {} : { fields: JSON.parse(String(row['fields'])) as Record<string, unknown> }),
        }));
    }

    recordArtifacts(runId: string, artifacts: readonly ArtifactRecord[]): void {
        this.transaction(() => {
            const insert = this.statement('INSERT OR REPLACE INTO artifacts (run_id, task_id, output, kind, path, attempt, digest, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
            for (const artifact of artifacts) {
                insert.run(runId, artifact.taskId, artifact.output, artifact.kind, artifact.path ?? null, artifact.attempt ?? null, artifact.digest ?? null, artifact.size ?? null);
            }
        });
    }

    artifacts(runId: string): readonly ArtifactRecord[] {
        return (this.statement('SELECT * FROM artifacts WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(artifactFromRow);
    }

    artifactsWithDigest(digestPrefix: string): readonly (ArtifactRecord & { readonly runId: string })[] {
        return (this.statement('SELECT * FROM artifacts WHERE digest >= ? AND digest < ? ORDER BY rowid').all(...prefixRange(digestPrefix)) as Row[])
            .map(row => ({ runId: String(row['run_id']), ...artifactFromRow(row) }));
    }

    recordRunInputs(runId: string, inputs: readonly RunInputRecord[]): void {
        this.transaction(() => {
            const insert = this.statement('INSERT OR REPLACE INTO run_inputs (run_id, name, kind, uri, path, version, digest, signed_by, verified_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
            for (const input of inputs) {
                insert.run(runId, input.name, input.kind, input.uri ?? null, input.path ?? null, input.version ?? null, input.digest ?? null, input.signedBy ?? null, input.verifiedKey ?? null);
            }
        });
    }

    recordVerification(runId: string, name: string, keyId: string): void {
        this.write(() => this.statement('UPDATE run_inputs SET verified_key = ? WHERE run_id = ? AND name = ?').run(keyId, runId, name));
    }

    runInputs(runId: string): readonly RunInputRecord[] {
        return (this.statement('SELECT * FROM run_inputs WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(row => ({
            name: String(row['name']),
            kind: String(row['kind']) as RunInputRecord['kind'],
            ...optionalText(row, { uri: 'uri', path: 'path', version: 'version', digest: 'digest', signedBy: 'signed_by', verifiedKey: 'verified_key' }),
        }));
    }

    runInputsWithDigest(digestPrefix: string): readonly (RunInputRecord & { readonly runId: string })[] {
        return (this.statement('SELECT run_id, name FROM run_inputs WHERE digest >= ? AND digest < ? ORDER BY rowid').all(...prefixRange(digestPrefix)) as Row[])
            .map(row => ({ runId: String(row['run_id']), ...this.runInputs(String(row['run_id'])).find(input => input.name === String(row['name']))! }));
    }

    recordTaskInputs(runId: string, inputs: readonly TaskInputRecord[]): void {
        this.transaction(() => {
            const insert = this.statement('INSERT OR REPLACE INTO task_inputs (run_id, task_id, attempt, input, kind, digest, path, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
            for (const input of inputs) {
                insert.run(runId, input.taskId, input.attempt, input.input, input.kind, input.digest ?? null, input.path ?? null, jsonOrNull(input.value));
            }
        });
    }

    taskInputs(runId: string, taskId?: string): readonly TaskInputRecord[] {
        const rows = (taskId === undefined
            ? this.statement('SELECT * FROM task_inputs WHERE run_id = ? ORDER BY rowid').all(runId)
            : this.statement('SELECT * FROM task_inputs WHERE run_id = ? AND task_id = ? ORDER BY rowid').all(runId, taskId)) as Row[];
        return rows.map(taskInputFromRow);
    }

    taskInputsWithDigest(digestPrefix: string): readonly (TaskInputRecord & { readonly runId: string })[] {
        return (this.statement('SELECT * FROM task_inputs WHERE digest >= ? AND digest < ? ORDER BY rowid').all(...prefixRange(digestPrefix)) as Row[])
            .map(row => ({ runId: String(row['run_id']), ...taskInputFromRow(row) }));
    }

    /** Commits the open group, if any; throws the error of a group commit that failed. */
    flush(): void {
        this.throwFailedCommit();
        if (!this.group) return;
        try {
            this.db.exec('COMMIT');
            this.group = undefined;
        } catch (error) {
            this.abandonGroup();
            throw asStoreWriteError(error, this.file);
        }
        for (const listener of this.committed.splice(0)) listener();
    }

    /** Calls `listener` once every write made so far is committed: at once when none waits; never for writes that are lost. */
    afterCommit(listener: () => void): void {
        if (this.group) this.committed.push(listener);
        else listener();
    }

    close(): void {
        if (!this.db.isOpen) return;
        try {
            // A failed group commit already thrown to a writer is not thrown again.
            if (!this.failedCommit?.thrown) this.flush();
        } finally {
            this.statements.clear();
            this.db.close();
        }
    }

    /**
     * Runs `body`'s writes as one unit of the open group. A unit that fails abandons the whole
     * group (nothing of it is committed: the store stays a prefix of the writes), except a
     * `StoreConflictError`, which is thrown before anything is written.
     */
    private transaction(body: () => void): void {
        this.write(body);
    }

    /** Runs a write in the open group (opening one); a full disk or an unwritable file becomes a `StoreUnwritableError` naming the store's file. */
    private write<T>(body: () => T): T {
        this.throwFailedCommit();
        try {
            this.begin();
            const result = body();
            if (this.group && ++this.group.writes >= GROUP_COMMIT_LIMIT) this.flush();
            return result;
        } catch (error) {
            if (!(error instanceof StoreConflictError)) this.abandonGroup();
            throw asStoreWriteError(error, this.file);
        }
    }

    private abandonGroup(): void {
        this.group = undefined;
        this.committed = [];
        // SQLite has already rolled back a transaction that hit a full disk.
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
    }

    private begin(): void {
        if (this.group) return;
        this.db.exec('BEGIN IMMEDIATE');
        const group = { writes: 0 };
        this.group = group;
        setImmediate(() => {
            if (this.group !== group || !this.db.isOpen) return;
            try {
                this.flush();
            } catch (error) {
                this.failedCommit = { error, thrown: false };
            }
        });
    }

    private throwFailedCommit(): void {
        if (!this.failedCommit) return;
        this.failedCommit.thrown = true;
        throw this.failedCommit.error;
    }

    /** A prepared statement, prepared once per store. */
    private statement(sql: string): StatementSync {
        let statement = this.statements.get(sql);
        if (!statement) {
            statement = this.db.prepare(sql);
            this.statements.set(sql, statement);
        }
        return statement;
    }
}

function artifactFromRow(row: Row): ArtifactRecord {
    return {
        taskId: String(row['task_id']),
        output: String(row['output']),
        kind: String(row['kind']) as ArtifactRecord['kind'],
        ...(row['path'] === null ? {} : { path: String(row['path']) }),
        ...(row['attempt'] === null || row['attempt'] === undefined ? {} : { attempt: Number(row['attempt']) }),
        ...(row['digest'] === null || row['digest'] === undefined ? {} : { digest: String(row['digest']) }),
        ...(row['size'] === null || row['size'] === undefined ? {} : { size: Number(row['size']) }),
    };
}

function taskInputFromRow(row: Row): TaskInputRecord {
    return {
        taskId: String(row['task_id']),
        attempt: Number(row['attempt']),
        input: String(row['input']),
        kind: String(row['kind']) as TaskInputRecord['kind'],
        ...optionalText(row, { digest: 'digest', path: 'path' }),
        ...(row['value'] === null ? {} : { value: JSON.parse(String(row['value'])) as StoredJson }),
    };
}

/** The non-null text columns of `row`, under the given property names. */
function optionalText<Keys extends string>(row: Row, columns: Record<Keys, string>): Partial<Record<Keys, string>> {
    return Object.fromEntries(Object.entries<string>(columns).filter(([, column]) => row[column] !== null && row[column] !== undefined)
        .map(([key, column]) => [key, String(row[column])])) as Partial<Record<Keys, string>>;
}

/** The bounds of the text values that start with `prefix` (an index range, unlike LIKE). */
function prefixRange(prefix: string): [string, string] {
    return [prefix, `${prefix}\uffff`];
}

function jsonOrNull(value: unknown): string | null {
    return value === undefined ? null : JSON.stringify(value);
}


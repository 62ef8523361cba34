/**
 * The run store's tables (docs/runtime.md describes them). JSON columns hold encoded values;
 * times are milliseconds since the epoch. `user_version` tells a store of another layout.
 */
export const STORE_SCHEMA_VERSION = 6;

/** Layout 2: what each run consumed and where each artifact came from (lineage). */
const lineageTables = `
CREATE INDEX IF NOT EXISTS artifacts_by_digest ON artifacts (digest);
CREATE TABLE IF NOT EXISTS run_inputs (
    run_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    uri TEXT,
    path TEXT,
    version TEXT,
    digest TEXT,
    signed_by TEXT,
    verified_key TEXT,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX IF NOT EXISTS run_inputs_by_digest ON run_inputs (digest);
CREATE TABLE IF NOT EXISTS task_inputs (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    input TEXT NOT NULL,
    kind TEXT NOT NULL,
    digest TEXT,
    path TEXT,
    value TEXT,
    PRIMARY KEY (run_id, task_id, input)
);
CREATE INDEX IF NOT EXISTS task_inputs_by_digest ON task_inputs (digest);
`;

/** How a store of an older layout becomes the next one, by the layout it has (applied in order). */
export const storeMigrations: Readonly<Record<number, string>> = {
    1: `ALTER TABLE artifacts ADD COLUMN attempt INTEGER;
ALTER TABLE artifacts ADD COLUMN digest TEXT;
ALTER TABLE artifacts ADD COLUMN size INTEGER;
${lineageTables}`,
    // Layout 3: the run's driver (one process at a time) and the code each completed task ran.
    2: `ALTER TABLE runs ADD COLUMN driver_pid INTEGER;
ALTER TABLE runs ADD COLUMN driver_host TEXT;
ALTER TABLE runs ADD COLUMN driver_start TEXT;
ALTER TABLE runs ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN code TEXT;`,
    // Layout 4: the memory each attempt was given (a step placed again with more after running out).
    3: 'ALTER TABLE attempts ADD COLUMN memory INTEGER;',
    // Layout 5: task states are lowercase, like run statuses (`Completed` became `completed`).
    4: `UPDATE tasks SET state = lower(state);
UPDATE transitions SET from_state = lower(from_state), to_state = lower(to_state);`,
    // Layout 6: the git commit the run's project was at, and whether its tree was dirty (lineage with code).
    5: `ALTER TABLE runs ADD COLUMN git_commit TEXT;
ALTER TABLE runs ADD COLUMN git_dirty INTEGER;`,
};

export const storeSchema = `
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    pipeline TEXT NOT NULL,
    plan TEXT NOT NULL,
    parameters TEXT NOT NULL,
    root TEXT NOT NULL,
    settings TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    outputs TEXT,
    driver_pid INTEGER,
    driver_host TEXT,
    driver_start TEXT,
    paused INTEGER NOT NULL DEFAULT 0,
    git_commit TEXT,
    git_dirty INTEGER
);
CREATE TABLE IF NOT EXISTS tasks (
    run_id TEXT NOT NULL REFERENCES runs(id),
    id TEXT NOT NULL,
    node TEXT NOT NULL,
    element INTEGER,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    failed_for_good INTEGER NOT NULL,
    outputs TEXT,
    failure TEXT,
    code TEXT,
    PRIMARY KEY (run_id, id)
);
CREATE TABLE IF NOT EXISTS transitions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    at INTEGER NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS transitions_by_task ON transitions (run_id, task_id);
CREATE TABLE IF NOT EXISTS attempts (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    status TEXT,
    message TEXT,
    memory INTEGER,
    PRIMARY KEY (run_id, task_id, attempt)
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    task_id TEXT,
    attempt INTEGER,
    at INTEGER NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    fields TEXT
);
CREATE INDEX IF NOT EXISTS events_by_task ON events (run_id, task_id);
CREATE TABLE IF NOT EXISTS artifacts (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    output TEXT NOT NULL,
    kind TEXT NOT NULL,
    path TEXT,
    attempt INTEGER,
    digest TEXT,
    size INTEGER,
    PRIMARY KEY (run_id, task_id, output)
);
${lineageTables}`;

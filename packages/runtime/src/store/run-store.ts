import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan } from '../contract/plan.js';
import type { TaskState } from '../lifecycle/task-state.js';
import type { FailureRecord } from '../plan/failure.js';
import type { GitState } from '../lineage/git-state.js';
import type { RunDriver } from './run-driver.js';

/**
 * A run's status: `running` until every task has settled (a run left `running` by a crash is
 * what `resumeRun` picks up), then exactly one of the other three.
 */
export const RunStatus = {
    Running: 'running',
    Completed: 'completed',
    Failed: 'failed',
    Cancelled: 'cancelled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** A JSON value as the store keeps it (handles are encoded by `value-codec.ts`). */
export type StoredJson = unknown;

export interface RunRecord {
    readonly id: string;
    readonly pipeline: string;
    readonly plan: CompiledPlan;
    /** The bound parameters, encoded. */
    readonly parameters: Readonly<Record<string, StoredJson>>;
    /** The folder the plan's paths are relative to. */
    readonly root: string;
    /** The settings a resume needs to run the rest the same way (target, capacity override). */
    readonly settings: Readonly<Record<string, StoredJson>>;
    readonly status: RunStatus;
    readonly createdAt: number;
    readonly finishedAt?: number;
    /** The pipeline's outputs, encoded, once completed. */
    readonly outputs?: Readonly<Record<string, StoredJson>>;
    /** The process that drives the run while it is `running` (it may have died since: see `driverIsAlive`). */
    readonly driver?: RunDriver;
    /** Set while the driver has the run paused (`weft pause`). */
    readonly paused?: boolean;
    /** The git state of the project when the run started; absent outside a git repository. */
    readonly git?: GitState;
}

/** What a new run is recorded with. */
export type NewRun = Omit<RunRecord, 'status' | 'finishedAt' | 'outputs' | 'driver' | 'paused'>;

export interface TaskRecord {
    readonly runId: string;
    /** The node id, or `node[i]` for the i-th element of a fan-out. */
    readonly id: string;
    readonly node: string;
    /** The element of a fan-out this task runs, if any. */
    readonly index?: number;
    readonly state: TaskState;
    readonly attempts: number;
    /** Whether a `failed` task is failed for good (no retry left). */
    readonly failedForGood: boolean;
    readonly outputs?: StoredJson;
    readonly failure?: FailureRecord;
    /** The digest of the step's code (`StepCode.digest`: its bundle's code) when it completed; a bare hex digest of the source text from an older Weft. */
    readonly code?: string;
}

/** One change of a task's state; the store commits it, with the task's new fields, in one transaction. */
export interface TaskChange {
    readonly runId: string;
    readonly taskId: string;
    readonly from: TaskState;
    readonly to: TaskState;
    readonly at: number;
    readonly reason?: string;
    readonly attempts?: number;
    readonly failedForGood?: boolean;
    readonly outputs?: StoredJson;
    readonly failure?: FailureRecord;
    readonly code?: string;
}

export interface TransitionRecord {
    readonly taskId: string;
    readonly from: TaskState;
    readonly to: TaskState;
    readonly at: number;
    readonly reason?: string;
}

export interface AttemptRecord {
    readonly taskId: string;
    readonly attempt: number;
    readonly startedAt: number;
    readonly finishedAt?: number;
    readonly status?: 'completed' | 'failed' | 'timed-out' | 'cancelled';
    readonly message?: string;
    /** The memory (bytes) the attempt was placed and limited with, when it had a limit. */
    readonly memory?: number;
}

export interface RunEvent {
    readonly at: number;
    readonly taskId?: string;
    readonly attempt?: number;
    readonly level: 'debug' | 'info' | 'warn' | 'error';
    readonly message: string;
    readonly fields?: Readonly<Record<string, unknown>>;
}

export interface ArtifactRecord {
    readonly taskId: string;
    /** Where among the task's outputs: `model`, `parts[1]`, `report.file`. */
    readonly output: string;
    readonly kind: 'dataset' | 'model' | 'file' | 'tensor';
    readonly path?: string;
    /** The attempt that produced it (absent for a task completed from cache). */
    readonly attempt?: number;
    /** `sha256:` and the hex digest of its bytes. */
    readonly digest?: string;
    readonly size?: number;
}

/** A dataset or model a run's plan declares, as the run found it when it started. */
export interface RunInputRecord {
    /** The declaration's name. */
    readonly name: string;
    readonly kind: 'dataset' | 'model';
    readonly uri?: string;
    /** The file it resolved to. */
    readonly path?: string;
    readonly version?: string;
    /** `sha256:` and the hex digest of the file when the run started (absent when it could not be read). */
    readonly digest?: string;
    /** The declaration's `signedBy` (a path or `env:NAME`). */
    readonly signedBy?: string;
    /** The id (hex sha256 of the public key) of the key that verified it, once a step consumed it. */
    readonly verifiedKey?: string;
}

/**
 * One input of a task's completed attempt: a top-level parameter (`value` holds it, encoded), or
 * a handle at any depth (`data`, `cfg.model`, `parts[0]`) with the digest of its content.
 */
export interface TaskInputRecord {
    readonly taskId: string;
    readonly attempt: number;
    readonly input: string;
    readonly kind: 'dataset' | 'model' | 'file' | 'tensor' | 'value';
    readonly digest?: string;
    readonly path?: string;
    readonly value?: StoredJson;
}

/**
 * Where runs are kept. Writes are group-committed: each method's writes are one unit, visible to
 * this store's reads at once, and committed with the other writes of the same turn of the event
 * loop, in order. A run's creation and end, driver claims and pauses commit before their method
 * returns; `flush` commits the rest at once. Synchronous on purpose: no await can slip between
 * a write and the effect that follows it.
 */
export interface RunStore {
    /** Records a run with its first tasks and its driver, all in one transaction: a run is there whole or not at all. */
    createRun(run: NewRun, tasks?: readonly TaskRecord[], driver?: RunDriver): void;
    run(runId: string): RunRecord | undefined;
    runs(): readonly RunRecord[];
    /** Ends the run and releases its driver. */
    finishRun(runId: string, status: Exclude<RunStatus, 'running'>, at: number, outputs?: Readonly<Record<string, StoredJson>>): void;
    /**
     * Makes `driver` the run's driver, in one write transaction, unless another driver that is
     * still alive holds it: then returns that one and changes nothing. A dead driver's claim is taken over.
     */
    claimRun(runId: string, driver: RunDriver): RunDriver | undefined;
    /** Gives up `driver`'s claim (no-op when another holds it). */
    releaseRun(runId: string, driver: RunDriver): void;
    setRunPaused(runId: string, paused: boolean): void;
    insertTask(task: TaskRecord): void;
    tasks(runId: string): readonly TaskRecord[];
    /** Commits the transition and the task's new fields; throws `StoreConflictError` if the task is not in `change.from`. */
    recordTransition(change: TaskChange): void;
    transitions(runId: string, taskId?: string): readonly TransitionRecord[];
    startAttempt(runId: string, taskId: string, attempt: number, at: number, memory?: number): void;
    finishAttempt(runId: string, taskId: string, attempt: number, at: number, status: NonNullable<AttemptRecord['status']>, message?: string): void;
    attempts(runId: string, taskId?: string): readonly AttemptRecord[];
    appendEvent(runId: string, event: RunEvent): void;
    /** The run's (or one task's) events in the order they were appended, past the first `skip` (what a follower has printed). */
    events(runId: string, taskId?: string, skip?: number): readonly RunEvent[];
    recordArtifacts(runId: string, artifacts: readonly ArtifactRecord[]): void;
    artifacts(runId: string): readonly ArtifactRecord[];
    /** Artifacts of every run whose digest starts with `digestPrefix` (`sha256:ab…`). */
    artifactsWithDigest(digestPrefix: string): readonly (ArtifactRecord & { readonly runId: string })[];
    recordRunInputs(runId: string, inputs: readonly RunInputRecord[]): void;
    /** Records that the key `keyId` verified the run's declared model `name`. */
    recordVerification(runId: string, name: string, keyId: string): void;
    runInputs(runId: string): readonly RunInputRecord[];
    runInputsWithDigest(digestPrefix: string): readonly (RunInputRecord & { readonly runId: string })[];
    recordTaskInputs(runId: string, inputs: readonly TaskInputRecord[]): void;
    taskInputs(runId: string, taskId?: string): readonly TaskInputRecord[];
    taskInputsWithDigest(digestPrefix: string): readonly (TaskInputRecord & { readonly runId: string })[];
    /** Commits every write made so far; throws when a commit (this one or an earlier group's) failed. */
    flush(): void;
    /** Calls `listener` once every write made so far is committed (at once when none waits); never when they are lost. */
    afterCommit(listener: () => void): void;
    /** Commits what is left, then closes. */
    close(): void;
}

/** The task was not in the state a transition starts from: two writers, or a bug. */
export class StoreConflictError extends WeftError {
    static override readonly fault = 'infrastructure';
    static override readonly code = 'store-conflict';

    constructor(readonly runId: string, readonly taskId: string, readonly expected: TaskState) {
        super(`task ${taskId} of run ${runId} is not ${expected} in the run store; another process may be running this run`);
        this.name = 'StoreConflictError';
    }
}

export class UnknownRunError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unknown-run';

    constructor(readonly runId: string) {
        super(`there is no run ${runId} in the run store`);
        this.name = 'UnknownRunError';
    }
}

import type { RunEvent, RunRecord, RunStore, TaskRecord, TransitionRecord } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { type AttemptReport, attemptReports, failedTasks, requireTask } from './run-report.js';

export interface ShowOptions {
    /** The run id, or a unique prefix of it. */
    readonly run: string;
    /** Only this task of the run. */
    readonly task?: string;
}

/** One task of a run, as `weft show <run>` lists it. */
export interface TaskSummary {
    readonly task: TaskRecord;
    /** How long its attempts took together (a running one until now); absent when it had none. */
    readonly milliseconds?: number;
    /** The memory (bytes) of each attempt, oldest first; undefined for an attempt without a limit. */
    readonly memory: readonly (number | undefined)[];
    /** The step cache's decision (`hit`, `miss`, …), when it was asked. */
    readonly cache?: string;
    /** For a failed task: the last log lines of its last attempt. */
    readonly lastLogs?: readonly RunEvent[];
}

/** A run with its tasks, the errors that failed it before any task, and (in the record) its outputs. */
export interface RunView {
    readonly kind: 'run';
    readonly run: RunRecord;
    readonly tasks: readonly TaskSummary[];
    /** Why the run failed before any task (e.g. a declared sha256 that does not match its file). */
    readonly errors: readonly string[];
}

/** One task of a run in detail: its transitions and every attempt with its failure and last log lines. */
export interface TaskView {
    readonly kind: 'task';
    readonly run: RunRecord;
    readonly task: TaskRecord;
    readonly transitions: readonly TransitionRecord[];
    readonly attempts: readonly AttemptReport[];
}

/**
 * A run as the project's run store has it, or one of its tasks. Throws a {@link UserError} for
 * an unknown run or task (the error lists the run's tasks).
 */
export async function show(options: ShowOptions, io: CliIo): Promise<RunView | TaskView> {
    const store = openStore(projectAt(io.cwd));
    try {
        const run = findRun(store, options.run);
        if (options.task === undefined) return runView(store, run);
        const task = requireTask(store, run, options.task);
        return { kind: 'task', run, task, transitions: store.transitions(run.id, task.id), attempts: attemptReports(store, run.id, task.id) };
    } finally {
        store.close();
    }
}

function runView(store: RunStore, run: RunRecord): RunView {
    const events = store.events(run.id);
    const cache = new Map(events.filter(event => event.fields?.['cache'] !== undefined).map(event => [event.taskId, String(event.fields!['cache'])]));
    const attempts = store.attempts(run.id);
    const failed = new Set(failedTasks(store, run.id).map(task => task.id));
    const tasks = store.tasks(run.id).map((task): TaskSummary => {
        const own = attempts.filter(attempt => attempt.taskId === task.id);
        const cached = cache.get(task.id);
        return {
            task,
            ...(own.length === 0 ? {} : { milliseconds: own.reduce((total, attempt) => total + ((attempt.finishedAt ?? Date.now()) - attempt.startedAt), 0) }),
            memory: own.map(attempt => attempt.memory),
            ...(cached === undefined ? {} : { cache: cached }),
            ...(failed.has(task.id) ? { lastLogs: lastLogsOf(store, run.id, task) } : {}),
        };
    });
    const errors = events.filter(event => event.taskId === undefined && event.level === 'error').map(event => event.message);
    return { kind: 'run', run, tasks, errors };
}

/** The last log lines of a failed task's last attempt. */
function lastLogsOf(store: RunStore, runId: string, task: TaskRecord): readonly RunEvent[] {
    return attemptReports(store, runId, task.id).find(report => report.attempt.attempt === task.attempts)?.lastLogs ?? [];
}

import { type AttemptRecord, type FailureRecord, type RunEvent, type RunRecord, type RunStore, type TaskRecord, type TransitionRecord } from '@weft/runtime';
import { UserError } from '../../errors.js';

/** How many of a failed attempt's last log lines `weft show` prints (`weft logs` prints them all). */
export const LAST_LOG_LINES = 20;

/** A failed attempt as the runtime recorded it: the `failure` fields of the attempt's error event. */
export interface AttemptFailureFields {
    readonly kind?: string;
    readonly error?: string;
    readonly exitCode?: number;
    readonly stack?: string;
}

/** One attempt of a task, with its failure and its last log lines. */
export interface AttemptReport {
    readonly attempt: AttemptRecord;
    readonly failure?: AttemptFailureFields;
    readonly lastLogs: readonly RunEvent[];
}

/** The attempt's failure, when `event` is the error event the runtime records for a failed attempt. */
export function failureOfEvent(event: RunEvent): AttemptFailureFields | undefined {
    const failure = event.fields?.['failure'];
    if (event.level !== 'error' || typeof failure !== 'object' || failure === null || Array.isArray(failure)) return undefined;
    const fields = failure as Record<string, unknown>;
    return {
        ...(typeof fields['kind'] === 'string' ? { kind: fields['kind'] } : {}),
        ...(typeof fields['error'] === 'string' ? { error: fields['error'] } : {}),
        ...(typeof fields['exitCode'] === 'number' ? { exitCode: fields['exitCode'] } : {}),
        ...(typeof fields['stack'] === 'string' ? { stack: fields['stack'] } : {}),
    };
}

/** The task `taskId` of the run; an unknown one is a usage error that lists the run's tasks. */
export function requireTask(store: RunStore, run: RunRecord, taskId: string): TaskRecord {
    const tasks = store.tasks(run.id);
    const task = tasks.find(candidate => candidate.id === taskId);
    if (task) return task;
    const names = tasks.map(candidate => candidate.id);
    const listed = names.length > 20 ? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more` : names.join(', ') || 'none';
    throw new UserError(`run ${run.id} has no task ${taskId}; its tasks are: ${listed}`);
}

/** Every attempt of the task, oldest first, with its failure and up to `lastLines` of its log lines (the failure itself not counted). */
export function attemptReports(store: RunStore, runId: string, taskId: string, lastLines = LAST_LOG_LINES): AttemptReport[] {
    const events = store.events(runId, taskId);
    return store.attempts(runId, taskId).map(attempt => {
        const own = events.filter(event => event.attempt === attempt.attempt);
        const failureEvent = own.find(event => failureOfEvent(event) !== undefined);
        const logs = own.filter(event => event !== failureEvent);
        return {
            attempt,
            ...(failureEvent ? { failure: failureOfEvent(failureEvent)! } : {}),
            lastLogs: logs.slice(Math.max(0, logs.length - lastLines)),
        };
    });
}

/** The failed tasks of a run (a fan-out element's failure also fails its fan-out: both are listed). */
export function failedTasks(store: RunStore, runId: string): (TaskRecord & { readonly failure: FailureRecord })[] {
    return store.tasks(runId).filter((task): task is TaskRecord & { failure: FailureRecord } => task.state === 'failed' && task.failure !== undefined);
}

/** A run as `--format json` prints it. */
export function runJson(run: RunRecord): Record<string, unknown> {
    return {
        id: run.id, pipeline: run.pipeline, status: run.status, paused: run.paused === true,
        createdAt: new Date(run.createdAt).toISOString(),
        ...(run.finishedAt === undefined ? {} : { finishedAt: new Date(run.finishedAt).toISOString(), milliseconds: run.finishedAt - run.createdAt }),
    };
}

/** An event as `--format json` prints it. */
export function eventJson(event: RunEvent): Record<string, unknown> {
    return {
        at: new Date(event.at).toISOString(), task: event.taskId ?? null, attempt: event.attempt ?? null,
        level: event.level, message: event.message, ...(event.fields === undefined ? {} : { fields: event.fields }),
    };
}

/** An attempt as `weft show <run> <task> --format json` prints it. */
export function attemptJson(report: AttemptReport): Record<string, unknown> {
    const { attempt } = report;
    return {
        attempt: attempt.attempt, status: attempt.status ?? 'running',
        startedAt: new Date(attempt.startedAt).toISOString(),
        finishedAt: attempt.finishedAt === undefined ? null : new Date(attempt.finishedAt).toISOString(),
        message: attempt.message ?? null,
        failure: report.failure ?? null,
        lastLogs: report.lastLogs.map(eventJson),
    };
}

/** A transition as JSON. */
export function transitionJson(change: TransitionRecord): Record<string, unknown> {
    return { from: change.from, to: change.to, at: new Date(change.at).toISOString(), reason: change.reason ?? null };
}

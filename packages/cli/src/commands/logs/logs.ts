import { driverIsAlive, type RunEvent, type RunRecord, type RunStore } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { requireTask } from '../show/run-report.js';

export interface LogsOptions {
    /** The run id, or a unique prefix of it. */
    readonly run: string;
    /** Only this task's lines (a node id, or `node[i]` for a fan-out element). */
    readonly task?: string;
}

/** How often {@link followLogs} looks for new lines. */
const FOLLOW_INTERVAL_MS = 200;

/** Why {@link followLogs} stopped: the run ended, the caller aborted, or no live process drives the run. */
export type FollowEnd = 'ended' | 'stopped' | 'undriven';

/**
 * The run's step log lines and events (or one task's), oldest first. Throws a {@link UserError}
 * for an unknown run or task.
 */
export async function logs(options: LogsOptions, io: CliIo): Promise<{ readonly runId: string; readonly events: readonly RunEvent[] }> {
    return withRun(options, io, (store, run) => ({ runId: run.id, events: store.events(run.id, options.task) }));
}

/**
 * Hands `onEvent` the run's lines as they come, until the run ends (then its last lines), no
 * live process drives it, or `signal` aborts. Events are only ever appended, so what is new is
 * what lies past the count handed over: each poll reads only those.
 */
export async function followLogs(options: LogsOptions, io: CliIo, onEvent: (event: RunEvent) => void, signal: AbortSignal): Promise<{ readonly runId: string; readonly end: FollowEnd }> {
    return withRun(options, io, async (store, { id: runId }) => {
        let handed = 0;
        for (;;) {
            const run = store.run(runId)!;
            const fresh = store.events(runId, options.task, handed);
            fresh.forEach(onEvent);
            handed += fresh.length;
            if (run.status !== 'running') return { runId, end: 'ended' };
            if (signal.aborted) return { runId, end: 'stopped' };
            if (!run.driver || !driverIsAlive(run.driver)) return { runId, end: 'undriven' };
            await new Promise<void>(resolve => {
                const timer = setTimeout(resolve, FOLLOW_INTERVAL_MS);
                signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
            });
        }
    });
}

/** Calls `read` with the project's run store open and the run (and task) the options name, checked. */
async function withRun<T>(options: LogsOptions, io: CliIo, read: (store: RunStore, run: RunRecord) => T | Promise<T>): Promise<T> {
    const store = openStore(projectAt(io.cwd));
    try {
        const run = findRun(store, options.run);
        if (options.task !== undefined) requireTask(store, run, options.task);
        return await read(store, run);
    } finally {
        store.close();
    }
}

import type { RunStore } from '../store/run-store.js';
import type { RunSpans } from './run-spans.js';

/**
 * The store, telling `spans` about each run, task, transition, attempt and cache event after it
 * was committed. The engine needs no change: spans follow what the store already holds.
 */
export function tracingRunStore(store: RunStore, spans: RunSpans): RunStore {
    const traced: Partial<RunStore> = {
        createRun: (run, tasks = [], driver) => {
            store.createRun(run, tasks, driver);
            spans.runCreated(run);
            for (const task of tasks) spans.taskInserted(task);
        },
        insertTask: task => { store.insertTask(task); spans.taskInserted(task); },
        recordTransition: change => { store.recordTransition(change); spans.transition(change); },
        startAttempt: (runId, taskId, attempt, at, memory) => { store.startAttempt(runId, taskId, attempt, at, memory); spans.attemptStarted(runId, taskId, attempt, at); },
        finishAttempt: (runId, taskId, attempt, at, status, message) => {
            store.finishAttempt(runId, taskId, attempt, at, status, message);
            spans.attemptFinished(runId, taskId, attempt, at, status, message);
        },
        appendEvent: (runId, event) => { store.appendEvent(runId, event); spans.event(runId, event); },
        finishRun: (runId, status, at, outputs) => { store.finishRun(runId, status, at, outputs); spans.runFinished(runId, status, at); },
    };
    return new Proxy(store, {
        get(target, property) {
            const own = (traced as Record<PropertyKey, unknown>)[property];
            if (own !== undefined) return own;
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}

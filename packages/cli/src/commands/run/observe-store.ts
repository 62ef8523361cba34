import type { RunStore, TaskChange, TaskRecord } from '@weft/runtime';

export interface StoreObserver {
    onTask(task: TaskRecord): void;
    onTransition(change: TaskChange): void;
}

/**
 * The store with a listener on new tasks and transitions, told after each commit: progress
 * shows only what the store already holds.
 */
export function observeStore(store: RunStore, observer: StoreObserver): RunStore {
    return new Proxy(store, {
        get(target, property) {
            if (property === 'createRun') {
                return (...args: Parameters<RunStore['createRun']>) => { target.createRun(...args); for (const task of args[1] ?? []) observer.onTask(task); };
            }
            if (property === 'insertTask') return (task: TaskRecord) => { target.insertTask(task); observer.onTask(task); };
            if (property === 'recordTransition') return (change: TaskChange) => { target.recordTransition(change); observer.onTransition(change); };
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}

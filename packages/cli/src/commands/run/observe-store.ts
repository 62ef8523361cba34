import type { RunStore, TaskChange, TaskRecord } from '@weft/runtime';

export interface StoreObserver {
    onTask(task: TaskRecord): void;
    onTransition(change: TaskChange): void;
}

/**
 * The store with a listener on new tasks and transitions, told once they are committed (the
 * store commits in groups): progress shows only what the store already holds.
 */
export function observeStore(store: RunStore, observer: StoreObserver): RunStore {
    const waiting: (() => void)[] = [];
    const tell = (notify: () => void): void => {
        waiting.push(notify);
        if (waiting.length === 1) store.afterCommit(() => { for (const each of waiting.splice(0)) each(); });
    };
    return new Proxy(store, {
        get(target, property) {
            if (property === 'createRun') {
                return (...args: Parameters<RunStore['createRun']>) => { target.createRun(...args); for (const task of args[1] ?? []) tell(() => observer.onTask(task)); };
            }
            if (property === 'insertTask') return (task: TaskRecord) => { target.insertTask(task); tell(() => observer.onTask(task)); };
            if (property === 'recordTransition') return (change: TaskChange) => { target.recordTransition(change); tell(() => observer.onTransition(change)); };
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}

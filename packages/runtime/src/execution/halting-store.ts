import type { RunStore } from '../store/run-store.js';

/** The store's methods that write. */
const writes: ReadonlySet<PropertyKey> = new Set<keyof RunStore>([
    'createRun', 'finishRun', 'claimRun', 'releaseRun', 'setRunPaused', 'insertTask', 'recordTransition', 'startAttempt', 'finishAttempt',
    'appendEvent', 'recordArtifacts', 'recordRunInputs', 'recordVerification', 'recordTaskInputs', 'flush',
]);

/**
 * The engine's view of the run store: the first write that throws (a full disk, a conflict) is
 * handed to `halt` instead of escaping from a callback, and every later write is skipped, so the
 * store keeps exactly what was committed before it, a state `resumeRun` can pick up.
 */
export function haltingStore(store: RunStore, halt: (error: unknown) => void): RunStore {
    let halted = false;
    return new Proxy(store, {
        get(target, property) {
            const value: unknown = Reflect.get(target, property, target);
            if (typeof value !== 'function') return value;
            if (!writes.has(property)) return value.bind(target);
            return (...args: unknown[]): unknown => {
                if (halted) return undefined;
                try {
                    return (value as (...args: unknown[]) => unknown).apply(target, args);
                } catch (error) {
                    halted = true;
                    halt(error);
                    return undefined;
                }
            };
        },
    });
}

import type { RunStore } from '@weft/runtime';

/**
 * The store, calling `announce` right after it has recorded the run: the run id `weft run`
 * prints is always one `weft show` can find (a run refused before it is recorded prints none).
 */
export function announcingStore(store: RunStore, announce: () => void): RunStore {
    return announcingAfter(store, 'createRun', announce, () => true);
}

/** `store`, calling `announce` once `resumeRun` has claimed the run: a resume another driver beat says nothing but its refusal. */
export function announcingClaim(store: RunStore, announce: () => void): RunStore {
    return announcingAfter(store, 'claimRun', announce, holder => holder === undefined);
}

/** `store` with `method` wrapped: `announce` runs after a call whose result `succeeded` accepts. */
function announcingAfter<M extends 'createRun' | 'claimRun'>(store: RunStore, method: M, announce: () => void,
    succeeded: (result: ReturnType<RunStore[M]>) => boolean): RunStore {
    return new Proxy(store, {
        get(target, property) {
            if (property === method) {
                return (...args: Parameters<RunStore[M]>) => {
                    const result = (target[method] as (...given: Parameters<RunStore[M]>) => ReturnType<RunStore[M]>).apply(target, args);
                    if (succeeded(result)) announce();
                    return result;
                };
            }
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}

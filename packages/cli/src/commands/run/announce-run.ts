import type { RunStore } from '@weft/runtime';

/**
 * The store, calling `announce` right after it has recorded the run: the run id `weft run`
 * prints is always one `weft show` can find (a run refused before it is recorded prints none).
 */
export function announcingStore(store: RunStore, announce: () => void): RunStore {
    return new Proxy(store, {
        get(target, property) {
            if (property === 'createRun') {
                return (...args: Parameters<RunStore['createRun']>) => {
                    target.createRun(...args);
                    announce();
                };
            }
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}

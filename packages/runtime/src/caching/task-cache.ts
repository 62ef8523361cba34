import type { CacheRequest } from './cache-key.js';

/** Whether a task was completed from the cache, and why (or why not), in one sentence. */
export interface CacheDecision {
    readonly hit: boolean;
    /** The cached outputs, on a hit. */
    readonly outputs?: Readonly<Record<string, unknown>>;
    /** E.g. `hit`, `miss: input alpha changed`, `miss: never run before`. */
    readonly explanation: string;
    readonly key?: string;
}

/**
 * The engine's view of the cache: a ready task of a cached step is looked up before it runs
 * (a hit moves it `pending → cached`), and a completed one is saved.
 */
export interface TaskCache {
    lookup(request: CacheRequest): Promise<CacheDecision>;
    save(request: CacheRequest, outputs: Readonly<Record<string, unknown>>): Promise<void>;
}

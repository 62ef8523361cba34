// Caching of step results: keys, the file cache and the hook the engine calls.
export { type CacheKey, type CacheKeyParts, type CacheRequest, cacheKeyOf, cacheSetting, type NoCacheKey, runtimeVersion } from './cache-key.js';
export { canonicalJson, digestPath, digestValue } from './digest.js';
export { FileTaskCache } from './file-task-cache.js';
export { changedParts, type RememberedKey } from './explain-change.js';
export type { CacheDecision, TaskCache } from './task-cache.js';

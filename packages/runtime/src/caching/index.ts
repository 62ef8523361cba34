// Caching of step results: keys, the file cache and the hook the engine calls.
export { type CacheKey, type CacheKeyParts, type CacheRequest, cacheKeyOf, cacheSetting, changedParts } from './cache-key.js';
export { canonicalJson, digestPath, digestValue } from './digest.js';
export { FileTaskCache } from './file-task-cache.js';
export { digestImplementation } from './implementation-digest.js';
export type { CacheDecision, TaskCache } from './task-cache.js';

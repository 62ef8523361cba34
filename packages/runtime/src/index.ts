export * from './lifecycle/task-state.js';
export * from './handles/index.js';
export * from './contract/index.js';
export * from './execution/index.js';
export * from './executors/index.js';
export * from './store/index.js';
export { Capacity, noResources, type ResourceRequest } from './scheduling/capacity.js';
export * from './caching/index.js';
export * from './tracing/index.js';

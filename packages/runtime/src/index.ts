export * from './lifecycle/task-state.js';
export * from './handles/index.js';
export * from './contract/index.js';
export * from './plan/index.js';
export * from './execution/index.js';
export * from './executors/index.js';
export * from './store/index.js';
export { Capacity, type CapacityModel, noResources, type Placement, type ResourceRequest } from './scheduling/capacity.js';
export { type PlacementCandidate, PoolCapacity, placementScore, type SchedulingPool, type ScoreParts } from './scheduling/pool-capacity.js';
export { capacityOfTargets } from './scheduling/target-capacity.js';
export type { KubeconfigSource, KubernetesExecutorOptions, RetryPolicy as KubernetesRetryPolicy } from './kubernetes/executor-options.js';

export * from './caching/index.js';
export * from './artifacts/index.js';
export * from './tracing/index.js';
export * from './trust/index.js';
export * from './lineage/index.js';

export * from './lifecycle/task-state.js';
export * from './handles/index.js';
export * from './contract/index.js';

export * from './lifecycle/task-state.js';

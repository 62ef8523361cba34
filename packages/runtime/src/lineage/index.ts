// Lineage: what each run consumed and where each artifact came from (docs/runtime.md).
export { DeclaredDigestMismatchError, hashDeclaredInputs } from './declared-inputs.js';
export { describeInputs, describeOutputs } from './value-lineage.js';
export { gitState, type GitState } from './git-state.js';
export { hyperparameterDigest } from './hyperparameters.js';
export * from './lineage-graph.js';

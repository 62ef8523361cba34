// Lineage: what each run consumed and where each artifact came from (docs/runtime.md).
export { DeclaredDigestMismatchError, hashDeclaredInputs } from './declared-inputs.js';
export { describeInputs, describeOutputs } from './value-lineage.js';
export * from './lineage-graph.js';

export { ArtifactStore, sha256File, type StoredArtifact } from './artifact-store.js';
export { checkOutputs } from './check-outputs.js';
export { ArtifactOutsideOutputError, type PathResolver, type ProducedArtifact, storeOutputs } from './store-outputs.js';
export { parseWeftType, type WeftType } from './weft-type.js';
export { describeValue, validatorOf, valueMismatch, type ValueMismatch } from './value-schema.js';

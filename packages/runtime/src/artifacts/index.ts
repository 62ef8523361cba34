export { ArtifactStore, sha256File, type StoredArtifact } from './artifact-store.js';
export { checkStepInputs, checkStepOutputs, datasetRecordsMismatch, inputsMismatch, outputsMismatch, type StepBoundary } from './step-boundary.js';
export { checkDatasetRecords, type RecordMismatch } from './dataset-records.js';
export { ArtifactOutsideOutputError, type PathResolver, type ProducedArtifact, storeOutputs } from './store-outputs.js';
export { DatasetRecordError, InputMismatchError, OutputMismatchError, RaisedErrorMismatchError, StepContractError, WhereClauseError } from './contract-errors.js';

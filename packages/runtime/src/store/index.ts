export * from './run-store.js';
export { SqliteRunStore, StoreSchemaError } from './sqlite-run-store.js';
export { decodeValue, encodeValue } from './value-codec.js';

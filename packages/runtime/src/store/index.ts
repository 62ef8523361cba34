export * from './run-store.js';
export { SqliteRunStore, StoreSchemaError } from './sqlite-run-store.js';
export { decodeValue, encodeValue } from './value-codec.js';
export { currentDriver, driverIsAlive, processStartTime, RunDrivenError, type RunDriver, sameDriver } from './run-driver.js';
export { StoreUnwritableError } from './store-write-error.js';

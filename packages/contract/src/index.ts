// What generated code and step implementations import: step contracts, pipeline definitions,
// plan types and the handle types of Weft's artifacts. Node built-ins only, so a project that
// only implements steps installs nothing else.
export * from './contract/index.js';
export * from './errors/index.js';
export * from './handles/index.js';

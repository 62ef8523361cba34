export * from './weft-module.js';
export * from './generated/ast.js';
export * from './validation/diagnostic-codes.js';
export * from './builtins/member-schema.js';
export * from './typing/model.js';
export * from './typing/dimensions.js';
export * from './helpers/quantities.js';

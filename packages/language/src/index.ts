export * from './weft-module.js';
export * from './generated/ast.js';
export * from './validation/diagnostic-codes.js';
export * from './builtins/member-schema.js';

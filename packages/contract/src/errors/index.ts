// The base of every error Weft throws, with whose fault it is and a stable code.
export { type Fault, WeftError } from './weft-error.js';

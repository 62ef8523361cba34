// The base of every error Weft throws, with whose fault it is and a stable code. Also the entry
// `@weft/contract/errors`, which the other packages import so that it loads without the handles.
export { type Fault, WeftError } from './weft-error.js';
export { RaisedError, raisedError, raisedErrorOf } from './raised-error.js';

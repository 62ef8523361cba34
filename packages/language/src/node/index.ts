// The Node.js entry: loading workspaces from disk. Kept apart so that the language services
// stay usable in a browser.
export { loadWorkspace, createWeftNodeServices, UnreadablePathError, type LoadedWorkspace } from './workspace-loader.js';
// What a one-shot check needs to end cleanly, without loading the generator (and the runtime's contract).
export { disposeZ3 } from '../constraints/z3-engine.js';

// The Node.js entry: loading workspaces from disk. Kept apart so that the language services
// stay usable in a browser.
export { loadWorkspace, createWeftNodeServices, UnreadablePathError, type LoadedWorkspace } from './workspace-loader.js';

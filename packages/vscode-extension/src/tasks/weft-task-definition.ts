import { quote } from '../commands/shell-quote.js';

/** The task type the extension contributes (`taskDefinitions` in package.json). */
export const WEFT_TASK_TYPE = 'weft';

/** The problem matcher of `weft check`'s text output (`problemMatchers` in package.json). */
export const WEFT_PROBLEM_MATCHER = '$weft';

/** A `weft` task as tasks.json writes it: `{ "type": "weft", "command": "check", "paths": ["pipelines"] }`. */
export interface WeftTaskDefinition {
    readonly type: typeof WEFT_TASK_TYPE;
    readonly command: 'check';
    /** The files and folders to check, relative to the workspace folder; none: the whole folder. */
    readonly paths?: readonly string[];
}

/** Whether a task definition (from tasks.json, so anything) is a `weft` task this extension can run. */
export function isWeftTaskDefinition(definition: { readonly type: string }): definition is WeftTaskDefinition {
    const { command, paths } = definition as { readonly command?: unknown; readonly paths?: unknown };
    return definition.type === WEFT_TASK_TYPE && command === 'check'
        && (paths === undefined || (Array.isArray(paths) && paths.every(entry => typeof entry === 'string')));
}

/** The shell command line of a task, run from its workspace folder: `npx weft check [paths…]`. */
export function taskCommandLine(cli: string, definition: WeftTaskDefinition): string {
    return [cli, definition.command, ...(definition.paths ?? []).map(quote)].join(' ');
}

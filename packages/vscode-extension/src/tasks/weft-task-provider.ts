import * as vscode from 'vscode';
import { weftCli } from '../commands/cli-terminal.js';
import { isWeftTaskDefinition, taskCommandLine, WEFT_PROBLEM_MATCHER, WEFT_TASK_TYPE, type WeftTaskDefinition } from './weft-task-definition.js';

/**
 * Offers "weft: check" for each workspace folder and runs the `weft` tasks written in
 * tasks.json. `weft check`'s output reaches the Problems panel through the `$weft` matcher.
 */
export const weftTaskProvider: vscode.TaskProvider = {
    provideTasks(): vscode.Task[] {
        return (vscode.workspace.workspaceFolders ?? []).map(folder => checkTask({ type: WEFT_TASK_TYPE, command: 'check' }, folder, 'check'));
    },
    resolveTask(task: vscode.Task): vscode.Task | undefined {
        if (!isWeftTaskDefinition(task.definition)) return undefined;
        // VS Code asks that the resolved task keep the very definition object it was given.
        return checkTask(task.definition, task.scope ?? vscode.TaskScope.Workspace, task.name);
    },
};

function checkTask(definition: WeftTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    // Colours may stay: VS Code matches the terminal's text lines, not the escape codes.
    const execution = new vscode.ShellExecution(taskCommandLine(weftCli(), definition), { cwd: folder?.uri.fsPath });
    const task = new vscode.Task(definition, scope, name, WEFT_TASK_TYPE, execution, WEFT_PROBLEM_MATCHER);
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
}

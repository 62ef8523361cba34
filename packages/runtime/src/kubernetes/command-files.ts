import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PlanCommandImplementation } from '../contract/plan.js';
import { namedProjectFiles } from '../executors/command-code.js';
import type { BundleFiles, CommandContainer } from './job-spec.js';

/** The file in a command step's folder that says which command it serves; it also makes the folder exist in the pod. */
export const COMMAND_MARKER = '.weft-command.json';

/** A command step's ConfigMap: its name (by content), its data, and the container that mounts it. */
export interface CommandFiles {
    readonly name: string;
    readonly data: BundleFiles;
    readonly container: CommandContainer;
}

/**
 * What a pod needs to run a command step besides its image: the project files the command names
 * (those its cache key covers, executors/command-code.ts) at their paths under the plan's root,
 * and {@link COMMAND_MARKER} in the command's folder. Named by content, so attempts and runs share it.
 */
export async function commandFiles(root: string, implementation: PlanCommandImplementation): Promise<CommandFiles> {
    const named = await namedProjectFiles(root, implementation);
    const data: Record<string, string> = {};
    const files: { key: string; path: string }[] = [];
    for (const [index, file] of named.entries()) {
        data[`file-${index}`] = await readFile(path.join(root, file), 'utf8');
        files.push({ key: `file-${index}`, path: file });
    }
    data['command'] = `${JSON.stringify({ command: implementation.command, directory: implementation.directory })}\n`;
    files.push({ key: 'command', path: path.posix.join(implementation.directory, COMMAND_MARKER) });
    const digest = createHash('sha256').update(JSON.stringify({ data, files })).digest('hex');
    const name = `weft-command-${digest.slice(0, 20)}`;
    return { name, data, container: { command: implementation.command, directory: implementation.directory, configMap: name, files } };
}

import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { PlanCommandImplementation } from '../../contract/plan.js';
import { commandStart, CommandNotFoundError } from '../command-launch.js';
import type { AttemptSpec } from '../executor.js';
import type { SandboxMount } from './oci-config.js';

/** What runs in an attempt's sandbox: its process, and the binds it needs besides `in/`, `out/` and the input artifacts. */
export interface SandboxedProcess {
    readonly args: readonly string[];
    readonly env: readonly string[];
    readonly cwd: string;
    readonly mounts: readonly SandboxMount[];
}

/** Where the step's folder is inside the sandbox: the command's working directory. */
export const SANDBOX_PROJECT = '/weft/project';
/** The command's `PATH` inside the sandbox: the host's `/usr`, bound read-only (`/bin` links into it). */
const SANDBOX_SEARCH_PATH = '/usr/local/bin:/usr/bin:/bin';
/** The top folders of the sandbox's root that link into `/usr`, as makeRootfs makes them. */
const USR_LINKS = ['bin', 'lib', 'lib64', 'sbin'];

/**
 * A command step in a sandbox (docs/runtime.md, "File protocol for command steps"): the step's
 * folder (that of its `.weft` file) bound read-only at `/weft/project` and its working directory,
 * with Weft's state folder (`hidden`, when it lies inside) covered by an empty one; the executable
 * found in that folder or on `/usr`. Throws {@link CommandNotFoundError} when it is not there, or
 * when the sandbox's user (`uid`) could not read the folder.
 */
export function sandboxedCommand(spec: AttemptSpec, implementation: PlanCommandImplementation, options: {
    readonly inputDir: string; readonly outDir: string; readonly uid: number; readonly hidden: string; readonly emptyDir: string;
}): SandboxedProcess {
    const hostDirectory = path.resolve(spec.root, implementation.directory);
    const mode = statSync(hostDirectory).mode;
    if ((mode & 0o005) !== 0o005) {
        throw new CommandNotFoundError(spec.step.name, implementation.command[0] ?? '',
            `would run in ${hostDirectory}, which the sandbox's user (uid ${options.uid}) cannot read: give others read and search permission (chmod o+rx)`);
    }
    const start = commandStart(spec, implementation, {
        inputDir: options.inputDir,
        outDir: options.outDir,
        hostDirectory,
        directory: SANDBOX_PROJECT,
        searchPath: SANDBOX_SEARCH_PATH,
        hostPathOf: seen => hostPathInSandbox(seen, hostDirectory),
    });
    const hidden = path.relative(hostDirectory, options.hidden);
    const hides = hidden !== '' && !hidden.startsWith('..') && !path.isAbsolute(hidden) && existsSync(options.hidden);
    return {
        args: [start.executable, ...start.args],
        env: [...Object.entries(start.env).map(([name, value]) => `${name}=${value}`), 'HOME=/tmp'],
        cwd: start.cwd,
        mounts: [
            { destination: SANDBOX_PROJECT, source: hostDirectory, readOnly: true },
            ...(hides ? [{ destination: path.posix.join(SANDBOX_PROJECT, hidden.split(path.sep).join('/')), source: options.emptyDir, readOnly: true }] : []),
        ],
    };
}

/** The host file behind a path inside the sandbox, for the binds a command sees: the step's folder and `/usr`. */
function hostPathInSandbox(seen: string, hostDirectory: string): string | undefined {
    const inProject = path.posix.relative(SANDBOX_PROJECT, seen);
    if (!inProject.startsWith('..') && !path.posix.isAbsolute(inProject)) return path.join(hostDirectory, inProject);
    const [top] = seen.split('/').filter(part => part !== '');
    if (top === 'usr') return seen;
    if (top !== undefined && USR_LINKS.includes(top)) return `/usr${seen}`;
    return undefined;
}

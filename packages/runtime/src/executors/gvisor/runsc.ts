import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { SandboxUnavailableError } from './sandbox-errors.js';

const INSTALL = 'install it (Debian/Ubuntu, as root: `apt-get update && apt-get install -y runsc`; elsewhere see https://gvisor.dev/docs/user_guide/install/), '
    + 'or pass its location as `runscPath`; to run without isolation instead, set the target\'s runtime to "process"';

/**
 * Finds `runsc` and checks that this process can create sandboxes with it, or throws a
 * `SandboxUnavailableError` that says what to do.
 */
export function locateRunsc(options: { readonly runscPath?: string; readonly searchPath?: string } = {}): string {
    const found = options.runscPath ?? (options.searchPath ?? process.env['PATH'] ?? '').split(path.delimiter)
        .filter(dir => dir !== '')
        .map(dir => path.join(dir, 'runsc'))
        .find(isExecutable);
    if (found === undefined || !isExecutable(found)) throw new SandboxUnavailableError('runsc-missing', INSTALL);
    if (process.geteuid?.() !== 0) {
        throw new SandboxUnavailableError('not-root', 'run weft as root (for example with sudo); rootless runsc cannot enforce memory limits, and weft does not run sandboxes without them');
    }
    return found;
}

function isExecutable(file: string): boolean {
    try {
        accessSync(file, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** `runsc kill <id> <signal>`; an already finished sandbox is not an error. */
export function runscKill(runsc: string, globalFlags: readonly string[], id: string, signal: 'TERM' | 'KILL'): Promise<void> {
    return new Promise(resolve => execFile(runsc, [...globalFlags, 'kill', id, signal], () => resolve()));
}

/** `runsc delete --force <id>`, best effort: `run` normally removes its container itself. */
export function runscDelete(runsc: string, globalFlags: readonly string[], id: string): Promise<void> {
    return new Promise(resolve => execFile(runsc, [...globalFlags, 'delete', '--force', id], () => resolve()));
}

/** `runsc pause|resume <id>`: freezes or thaws a running sandbox (cgroup freezer); a finished one is not an error. */
export function runscFreeze(runsc: string, globalFlags: readonly string[], id: string, command: 'pause' | 'resume'): Promise<void> {
    return new Promise(resolve => execFile(runsc, [...globalFlags, command, id], () => resolve()));
}

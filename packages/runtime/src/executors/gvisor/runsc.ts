import { execFile } from 'node:child_process';
import { findExecutable, isExecutable } from './host-command.js';
import { SandboxUnavailableError } from './sandbox-errors.js';

const INSTALL = 'install it (Debian/Ubuntu, as root: `apt-get update && apt-get install -y runsc`; elsewhere see https://gvisor.dev/docs/user_guide/install/), '
    + 'or pass its location as `runscPath`; to run without isolation instead, set the target\'s runtime to "process"';

/**
 * Finds `runsc` and checks that this process can create sandboxes with it, or throws a
 * `SandboxUnavailableError` that says what to do.
 */
export function locateRunsc(options: { readonly runscPath?: string; readonly searchPath?: string } = {}): string {
    const found = options.runscPath ?? findExecutable('runsc', options.searchPath ?? process.env['PATH'] ?? '');
    if (found === undefined || !isExecutable(found)) throw new SandboxUnavailableError('runsc-missing', INSTALL);
    if (process.geteuid?.() !== 0) {
        throw new SandboxUnavailableError('not-root', 'run weft as root (for example with sudo); rootless runsc cannot enforce memory limits, and weft does not run sandboxes without them');
    }
    return found;
}

/**
 * How to invoke runsc for one sandbox: the binary and its global flags, behind
 * `nsenter --net=…` for a sandbox in an allow-list slot (its control socket is an abstract
 * socket, which exists only in that network namespace).
 */
export type RunscCommand = readonly string[];

function runRunsc(command: RunscCommand, args: readonly string[]): Promise<void> {
    return new Promise(resolve => execFile(command[0]!, [...command.slice(1), ...args], () => resolve()));
}

/** `runsc kill <id> <signal>`; an already finished sandbox is not an error. */
export function runscKill(command: RunscCommand, id: string, signal: 'TERM' | 'KILL'): Promise<void> {
    return runRunsc(command, ['kill', id, signal]);
}

/** `runsc delete --force <id>`, best effort: `run` normally removes its container itself. */
export function runscDelete(command: RunscCommand, id: string): Promise<void> {
    return runRunsc(command, ['delete', '--force', id]);
}

/** `runsc pause|resume <id>`: freezes or thaws a running sandbox (cgroup freezer); a finished one is not an error. */
export function runscFreeze(command: RunscCommand, id: string, action: 'pause' | 'resume'): Promise<void> {
    return runRunsc(command, [action, id]);
}

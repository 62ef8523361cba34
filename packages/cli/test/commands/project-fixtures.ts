// A project with a run store, and runs recorded in it by hand, for the tests that call the
// commands' functions directly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CompiledPlan, type RunDriver, SqliteRunStore, type TaskRecord, TaskState } from '@weft/runtime';
import { expect } from 'vitest';
import { WeftError } from '@weft/contract/errors';
import type { CliIo } from '../../src/io.js';
import { openStore, projectAt } from '../../src/commands/run/project.js';

/** An empty project folder (it has a package.json) in the system's temporary folder. */
export function tempProject(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-commands-'));
    writeFileSync(path.join(folder, 'package.json'), '{ "name": "fixture", "private": true }\n');
    return folder;
}

/** An io for a command run in `cwd`, which keeps what is written. */
export function testIo(cwd: string, env: Record<string, string | undefined> = {}): CliIo & { readonly stdout: { text: string }; readonly stderr: { text: string } } {
    const stream = (): { text: string; isTTY: false; write(text: string): void } => ({ text: '', isTTY: false, write(text) { this.text += text; } });
    return { cwd, env, stdout: stream(), stderr: stream() };
}

/** The project's run store (created on first use), as the commands open it. */
export function projectStore(folder: string): SqliteRunStore {
    return openStore(projectAt(folder));
}

export const plan: CompiledPlan = {
    planVersion: 3, pipeline: 'train', source: { file: 'train.weft', line: 1 },
    parameters: [], outputs: [], where: [], nodes: [], artifacts: [], targets: [],
};

/** A driver that has stopped: this host, a pid that is no process's (start time of no boot). */
export const deadDriver: RunDriver = { pid: 999_999_999, host: hostname(), startTime: '0@gone' };

/** Records run `id` (created at `createdAt`) with tasks in the given states, driven by `driver`. */
export function recordRun(store: SqliteRunStore, id: string, states: Readonly<Record<string, TaskState>>, options: { driver?: RunDriver; createdAt?: number } = {}): void {
    const tasks: TaskRecord[] = Object.entries(states).map(([task, state]) => ({ runId: id, id: task, node: task, state, attempts: state === TaskState.Pending ? 0 : 1, failedForGood: false }));
    store.createRun({ id, pipeline: 'train', plan, parameters: {}, root: '/', settings: {}, createdAt: options.createdAt ?? 1 }, tasks, options.driver);
}

/** Installs a handler for `signal` for the rest of the test; the returned function removes it. */
export function onSignal(signal: NodeJS.Signals, handle: () => void): () => void {
    process.on(signal, handle);
    return () => void process.removeListener(signal, handle);
}

/**
 * The message of the user's-fault error (a `WeftError` whose `fault` is `user`: exit code 2) that
 * `promise` rejects with; fails the test if it resolves or rejects with another error.
 */
export async function userErrorOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(() => undefined, (rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(WeftError);
    expect((error as WeftError).fault).toBe('user');
    return (error as WeftError).message;
}

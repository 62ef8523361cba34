// Attempt specs over the Python fixture steps (fixtures/steps/*.py), for the executor tests.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlanOutput } from '../../src/contract/plan.js';
import type { AttemptSpec } from '../../src/executors/executor.js';

export const pythonRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** The hand-written contract module of `steps/typed.py`, as `weft run` puts generated ones on the module path. */
export const contractsDir = path.join(pythonRoot, 'contracts');

let attempts = 0;

/** An attempt of function `name` of `fixtures/<module>`. */
export function pythonAttempt(name: string, inputs: Record<string, unknown>, extra: Partial<AttemptSpec> & { outputs?: readonly PlanOutput[]; module?: string } = {}): AttemptSpec {
    attempts++;
    const { module = 'steps/basics.py', ...rest } = extra;
    return {
        runId: 'run-python',
        taskId: `${name}-${attempts}`,
        node: name,
        step: { name, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module, export: name, language: 'python' } },
        attempt: 1,
        inputs,
        resources: { cpu: 1000, memory: 512 * 1024 * 1024, gpu: 0 },
        workDir: mkdtempSync(path.join(tmpdir(), `weft-python-${name}-`)),
        root: pythonRoot,
        ...rest,
    };
}

/** Waits for `condition`, polling; the test's own timeout bounds it. */
export async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise(resolve => setTimeout(resolve, 20));
}

/** A copy of the fixtures whose `.venv/bin/python` is a link to the machine's python3, as `python3 -m venv` makes it. */
export function projectWithVenv(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-python-venv-'));
    cpSync(path.join(pythonRoot, 'steps'), path.join(root, 'steps'), { recursive: true });
    cpSync(path.join(pythonRoot, 'helpers'), path.join(root, 'helpers'), { recursive: true });
    mkdirSync(path.join(root, '.venv', 'bin'), { recursive: true, mode: 0o755 });
    symlinkSync('/usr/bin/python3', path.join(root, '.venv', 'bin', 'python'));
    return root;
}

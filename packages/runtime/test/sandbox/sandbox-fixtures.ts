// Shared setup for the executor tests: attempt specs over the fixture steps and a recording logger.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepLogger } from '../../src/contract/step-context.js';
import type { PlanOutput } from '../../src/contract/plan.js';
import type { AttemptChannel, AttemptSpec } from '../../src/executors/executor.js';

export const fixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-sandbox-cache-'));

let attempts = 0;

export function attemptSpec(exportName: string, inputs: Record<string, unknown>, extra: Partial<AttemptSpec> & { outputs?: readonly PlanOutput[] } = {}): AttemptSpec {
    attempts++;
    return {
        runId: 'run-test',
        taskId: `${exportName}-${attempts}`,
        node: exportName,
        step: { name: exportName, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'steps.ts', export: exportName } },
        attempt: 1,
        inputs,
        resources: { cpu: 1000, memory: 512 * 1024 * 1024, gpu: 0 },
        workDir: mkdtempSync(path.join(tmpdir(), `weft-attempt-${exportName}-`)),
        root: fixtureRoot,
        ...extra,
    };
}

export interface RecordedLine { readonly level: string; readonly message: string; readonly fields?: Readonly<Record<string, unknown>> }

export function channel(signal: AbortSignal = new AbortController().signal): AttemptChannel & { lines: RecordedLine[] } {
    const lines: RecordedLine[] = [];
    const write = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>): void => { lines.push({ level, message, ...(fields ? { fields } : {}) }); };
    const logger: StepLogger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
    return { signal, logger, lines };
}

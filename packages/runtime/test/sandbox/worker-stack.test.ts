// The worker maps a step's stack to its sources also where the worker's files and the bundle share
// one folder, as in a Kubernetes pod's ConfigMap mount: the step's frames stay, the worker's go.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleStep } from '../../src/bundling/bundle-step.js';
import { workerDir } from '../../src/bundling/runtime-package.js';
import { cacheDir, fixtureRoot } from './sandbox-fixtures.js';

describe('a step stack in a pod layout', () => {
    it('keeps the mapped frames of the step and drops the worker\'s', async () => {
        const mount = mkdtempSync(path.join(tmpdir(), 'weft-pod-mount-'));
        for (const name of readdirSync(workerDir()).filter(file => file.endsWith('.js'))) copyFileSync(path.join(workerDir(), name), path.join(mount, name));
        copyFileSync((await bundleStep(fixtureRoot, 'steps.ts', 'fails', cacheDir)).file, path.join(mount, 'step.mjs'));
        const work = mkdtempSync(path.join(tmpdir(), 'weft-pod-work-'));
        mkdirSync(path.join(work, 'in'));
        mkdirSync(path.join(work, 'out'));
        writeFileSync(path.join(work, 'in', 'inputs.json'), JSON.stringify({ inputs: {}, node: 'f', attempt: 1, contractHash: `sha256:${'0'.repeat(64)}`, step: 'fails' }));
        const worker = spawnSync(process.execPath, [path.join(mount, 'worker-entry.js'), path.join(mount, 'step.mjs'), path.join(work, 'in'), path.join(work, 'out')], { encoding: 'utf8', timeout: 30_000 });
        expect(worker.status, worker.stderr).toBe(1);
        const failure = JSON.parse(readFileSync(path.join(work, 'out', 'failure.json'), 'utf8')) as { name: string; stack: string };
        expect(failure.name).toBe('RangeError');
        expect(failure.stack.split('\n')).toEqual([expect.stringMatching(/^at (Module\.)?fails \(test\/sandbox\/fixtures\/steps\.ts:73:\d+\)$/)]);
    });
});

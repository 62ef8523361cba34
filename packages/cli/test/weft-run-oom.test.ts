// `weft run` of a step that runs out of memory in a real gVisor sandbox: placed again with more
// memory where its retry { memory } allows, else failed with the OOM cause. The built bin in a
// child process, real runsc (the memory cgroup kills the sandbox at its limit).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { fixtures, lastJson, project } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

/** The task's transitions, straight from `.weft/runs.db`. */
function transitions(folder: string, runId: string, task: string): string[] {
    const db = new DatabaseSync(path.join(folder, '.weft', 'runs.db'), { readOnly: true });
    try {
        const rows = db.prepare('SELECT from_state, to_state FROM transitions WHERE run_id = ? AND task_id = ? ORDER BY seq').all(runId, task);
        return rows.map(row => `${String(row['from_state'])} → ${String(row['to_state'])}`);
    } finally {
        db.close();
    }
}

describe('a step that runs out of memory: weft run (gVisor) and weft check', () => {
    it('places a step with retry { memory: 1Gi } again with 256 MiB, then 512 MiB, and it completes', () => {
        const folder = project(fixtures);
        const run = runWeft(['run', 'oom.weft', '--pipeline', 'escalating', '--format', 'json'], { cwd: folder });
        expect(run.status, run.stderr).toBe(0);
        const { runId, status, outputs } = lastJson(run.stdout);
        expect({ status, outputs }).toEqual({ status: 'completed', outputs: { held: 304 } });
        expect(run.stderr).toMatch(/^\s+\d+\.\ds {2}h {2}allocating: ran out of memory at 128 MiB; placed again with 256 MiB \(retry\.memory 1 GiB\)$/m);
        expect(run.stderr).toMatch(/^\s+\d+\.\ds {2}h {2}running \(attempt 3\)$/m);
        expect(transitions(folder, runId, 'h')).toEqual([
            'pending → allocating', 'allocating → running',
            'running → pausing', 'pausing → allocating', 'allocating → running',
            'running → pausing', 'pausing → allocating', 'allocating → running',
            'running → completed',
        ]);
        const show = runWeft(['show', runId], { cwd: folder });
        expect(show.status).toBe(0);
        expect(show.stdout).toMatch(/^ {2}task\s+state\s+attempts\s+time\s+memory\s+cache$/m);
        expect(show.stdout).toMatch(/^ {2}h\s+completed\s+3\s+\S+\s+128 MiB → 256 MiB → 512 MiB\s+-$/m);
        const logs = runWeft(['logs', runId, 'h'], { cwd: folder });
        expect(logs.stdout).toContain('h ran out of memory at 128 MiB; placed again with 256 MiB (retry.memory 1 GiB)');
        expect(logs.stdout).toContain('h ran out of memory at 256 MiB; placed again with 512 MiB (retry.memory 1 GiB)');
    }, 180_000);

    it('fails the same step without retry.memory at its limit, with the OOM cause and what to do, exit 1', () => {
        const folder = project(fixtures);
        const run = runWeft(['run', 'oom.weft', '--pipeline', 'fixed', '--format', 'json'], { cwd: folder });
        expect(run.status).toBe(1);
        const message = 'h ran out of memory: the sandbox was killed at its limit of 128 MiB (resources.memory, or the target\'s default when the step sets none); '
            + 'raise the step\'s memory, set retry { memory: … } to place it again with more, or use less';
        expect(run.stderr).toContain(`  h  failed: ${message}\n`);
        const { runId, status } = lastJson(run.stdout);
        expect(status).toBe('failed');
        expect(transitions(folder, runId, 'h')).toEqual(['pending → allocating', 'allocating → running', 'running → failed']);
        const show = runWeft(['show', runId], { cwd: folder });
        expect(show.stdout).toMatch(/^ {2}h\s+failed\s+1\s+\S+\s+128 MiB\s+-\s+h ran out of memory: /m);
        expect(show.stdout).toContain(message);
    }, 120_000);

    it('stops at retry.memory (here lowered by the call\'s with): the step fails naming it', () => {
        const folder = project(fixtures);
        const run = runWeft(['run', 'oom.weft', '--pipeline', 'capped', '--format', 'json'], { cwd: folder });
        expect(run.status).toBe(1);
        const message = 'h ran out of memory: the sandbox was killed at its limit of 256 MiB, the most its retry.memory (256 MiB) allows; raise retry.memory or use less';
        expect(run.stderr).toContain(`  h  failed: ${message}\n`);
        const { runId } = lastJson(run.stdout);
        const show = runWeft(['show', runId], { cwd: folder });
        expect(show.stdout).toMatch(/^ {2}h\s+failed\s+2\s+\S+\s+128 MiB → 256 MiB\s+-\s+h ran out of memory: /m);
        expect(show.stdout).toContain(message);
    }, 120_000);

    it('weft check reports a retry.memory below resources.memory (error) and above the target (warning), exit 1', () => {
        const folder = project(fixtures);
        const source = readFileSync(path.join(folder, 'oom.weft'), 'utf8')
            .replace('retry { memory: 1Gi }', 'retry { memory: 64Mi }')
            .replace('with { retry { memory: 256Mi } }', 'with { retry { memory: 4Gi } }');
        writeFileSync(path.join(folder, 'oom.weft'), source);
        const check = runWeft(['check', 'oom.weft'], { cwd: folder });
        expect(check.status).toBe(1);
        expect(check.stdout).toBe([
            'oom.weft:16:11: error retry-memory-too-low: `hog` may be placed again with at most retry.memory 64Mi, less than its resources.memory 128Mi: '
                + 'retry.memory must be at least resources.memory.',
            'oom.weft:29:11: warning retry-memory-exceeds-target: `hog` has retry.memory 4Gi, more than any machine of target `boxed` offers (the sandbox has 2Gi): '
                + 'after running out of memory it is placed again with at most what the biggest one has.',
            '',
        ].join('\n'));
        expect(check.stderr).toBe('1 error, 1 warning in 1 file\n');
    }, 60_000);
});

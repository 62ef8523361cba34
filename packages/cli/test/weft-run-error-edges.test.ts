// `weft run` of a pipeline with typed error edges (weft-error-edges-fixtures/guarded.weft): a
// declared error recovered by its typed handler, another one reported by the untyped handler,
// and the `on exit` block in both runs; as plain processes and in gVisor sandboxes.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, project, runIdIn } from './weft-run-helpers.js';

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-error-edges-fixtures');

beforeAll(() => expectBuiltCli());

describe('weft run with error edges', () => {
    it('recovers a QualityTooLow with the fallback\'s score: the report runs with it, cleanup runs, the run completes', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'guarded.weft', '--param', 'mode=low', '--format', 'json'], { cwd: folder });
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(result.status).toBe(0);
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { score: 0.6, line: 'score 0.60' } });
        expect(result.stderr).toMatch(/ _a {2}skipped: t failed with QualityTooLow, which this handler does not take/);
        const logs = runWeft(['logs', runIdIn(result.stderr)], { cwd: folder }).stdout;
        expect(logs).toMatch(/recovered: t failed \(QualityTooLow\)/);
        expect(logs).toMatch(/cleanup ran/);
    }, 120_000);

    it('reports a DataDrift through the untyped handler, skips the report, runs cleanup, and fails the run', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'guarded.weft', '--param', 'mode=drift', '--format', 'json'], { cwd: folder });
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(result.status).toBe(1);
        expect(lastJson(result.stdout)).toMatchObject({ status: 'failed', outputs: null });
        expect(result.stderr).toMatch(/ f {2}skipped: t failed with DataDrift, which this handler does not take/);
        expect(result.stderr).toMatch(/ r {2}skipped: t ended failed/);
        const logs = runWeft(['logs', runIdIn(result.stderr)], { cwd: folder }).stdout;
        expect(logs).toMatch(/alert: DataDrift \{"column":"age"\}/);
        expect(logs).toMatch(/cleanup ran/);
    }, 120_000);

    it('recovers the same way in gVisor sandboxes: the declared error crosses the sandbox in failure.json', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'guarded.weft', '--target', 'boxed', '--param', 'mode=low', '--format', 'json'], { cwd: folder });
        expect(result.stderr).toMatch(/guarded on boxed \(gvisor\)/);
        expect(result.status).toBe(0);
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { score: 0.6, line: 'score 0.60' } });
    }, 120_000);
});

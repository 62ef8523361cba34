// `weft run` of a pipeline with `timeout: 365d` whose steps have `timeout: 30d` and a 60-day
// backoff, in real gVisor sandboxes: longer than one Node timer holds, and nothing fires early.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { fixtures, lastJson, project } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

describe('weft run with long timeouts', () => {
    it('completes a pipeline with timeout: 365d and steps with timeout: 30d normally', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'long-timeouts.weft', '--format', 'json'], { cwd: folder });
        expect(result.stderr).toMatch(/yearLong on boxed \(gvisor\)/);
        expect(result.stderr).not.toMatch(/TimeoutOverflowWarning|cancelled|timed out/);
        expect(result.status).toBe(0);
        const outcome = lastJson(result.stdout);
        expect(outcome).toMatchObject({ status: 'completed', outputs: { result: 80 } });
        const show = runWeft(['show', outcome.runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^ {2}a\s+completed\s+1\s/m);
        expect(show).toMatch(/^ {2}b\s+completed\s+1\s/m);
    }, 120_000);
});

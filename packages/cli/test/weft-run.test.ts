// `weft run`, `runs`, `show`, `logs`, `resume`, `cancel` end to end: the built bin in child
// processes, real executors (process for the chain fixture, the example's own gvisor target).
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { fixtures, lastJson, project, runIdIn, startWeft } from './weft-run-helpers.js';

beforeAll(() => expectBuiltCli());

describe('weft run', () => {
    it('runs the text-classifier example in gVisor sandboxes; a second run completes its cached steps from cache', () => {
        const folder = project(path.join(repositoryRoot, 'examples', 'text-classifier'));
        const started = Date.now();
        const first = runWeft(['run', 'sentiment.weft', '--pipeline', 'trainSentiment', '--format', 'json'], { cwd: folder });
        const took = Date.now() - started;
        expect(first.stderr).toMatch(/trainSentiment on laptop \(gvisor\)/);
        expect(first.status).toBe(0);
        const outcome = lastJson(first.stdout);
        expect(outcome.status).toBe('completed');
        expect((outcome.outputs!['report'] as Record<string, number>)['accuracy']).toBeGreaterThan(0.85);
        expect(outcome.outputs!['model']).toMatchObject({ $weft: 'model' });
        expect(took).toBeLessThan(60_000);

        const second = runWeft(['run', 'sentiment.weft', '--explain-cache'], { cwd: folder });
        expect(second.status).toBe(0);
        expect(second.stdout).toMatch(/^ {2}t: hit: same key as run /m);
        expect(second.stdout).toMatch(/^ {2}m: hit: same key as run /m);
        expect(second.stdout).toMatch(/^ {2}e: not cached: its step has no cache setting$/m);
        expect(second.stdout).toMatch(/^ {2}report: \{"accuracy":0\.92,/m);
        const third = runWeft(['run', 'sentiment.weft', '--explain-cache', '--param', 'alpha=0.5'], { cwd: folder });
        expect(third.stdout).toMatch(/^ {2}t: hit/m);
        expect(third.stdout).toMatch(/^ {2}m: miss: input alpha changed since run /m);

        const secondId = /^run ([0-9a-f-]{36}) completed$/m.exec(second.stdout)![1]!;
        const show = runWeft(['show', secondId.slice(0, 8)], { cwd: folder });
        expect(show.status).toBe(0);
        expect(show.stdout).toMatch(/^ {2}t\s+cached\s+0\s+-\s+-\s+hit/m);
        expect(show.stdout).toMatch(/^ {2}p\s+completed\s+1\s+\d+\.\ds\s+\d+ [MG]iB\s+-/m);
        expect(runWeft(['runs'], { cwd: folder }).stdout.trim().split('\n')).toHaveLength(3);
        expect(runWeft(['logs', outcome.runId, 'm'], { cwd: folder }).stdout).toMatch(/ m#1 info trained on 300 reviews, \d+ tokens/);
    }, 180_000);

    it('runs the retrieval-index example in gVisor sandboxes: the corpus bundled with load, embed fanned out, the index measured', () => {
        const folder = project(path.join(repositoryRoot, 'examples', 'retrieval-index'));
        const result = runWeft(['run', 'handbook.weft', '--format', 'json'], { cwd: folder });
        expect(result.stderr).toMatch(/indexHandbook on workstation \(gvisor\)/);
        expect(result.status).toBe(0);
        const outcome = lastJson(result.stdout);
        expect(outcome.status).toBe('completed');
        expect((outcome.outputs!['quality'] as Record<string, number>)['recallAtK']).toBeGreaterThanOrEqual(0.9);
        expect(outcome.outputs!['stats']).toMatchObject({ documents: 8 });
        expect((outcome.outputs!['answer'] as { doc: string }[])[0]).toMatchObject({ doc: 'sourdough-bread', section: 'The starter' });
        expect(outcome.outputs!['index']).toMatchObject({ $weft: 'model' });
    }, 180_000);

    it('runs the image-classifier example in gVisor sandboxes: tensors between steps, the trained model beats the baseline', () => {
        const folder = project(path.join(repositoryRoot, 'examples', 'image-classifier'));
        const result = runWeft(['run', 'digits.weft', '--format', 'json'], { cwd: folder });
        expect(result.stderr).toMatch(/trainDigits on dev \(gvisor\)/);
        expect(result.status).toBe(0);
        const outcome = lastJson(result.stdout);
        expect(outcome.status).toBe('completed');
        const report = outcome.outputs!['report'] as Record<string, number>;
        expect(report['accuracy']).toBeGreaterThan(0.85);
        expect(report['accuracy']).toBeGreaterThan((outcome.outputs!['baselineReport'] as Record<string, number>)['accuracy']!);
        expect(outcome.outputs!['confusion']).toMatchObject({ $weft: 'tensor', dtype: 'i32', shape: [10, 10] });
        expect(runWeft(['show', outcome.runId], { cwd: folder }).stdout).toMatch(/^ {2}p\s+completed\s+1\s/m); // published
        // The signed baseline was verified before each step that consumed it, and the lineage says by which key.
        expect(runWeft(['logs', outcome.runId], { cwd: folder }).stdout).toMatch(/model baseline verified by keys\/examples\.pub/);
        expect(runWeft(['lineage', outcome.runId], { cwd: folder }).stdout).toMatch(/model baseline, file:models\/baseline\.json, version 1\.0\.0, sha256:cbf69583\w+, verified by key 5d9982c0528a9b07 \(keys\/examples\.pub\)/);
    }, 180_000);

    it('retries a failed attempt in a fresh gVisor sandbox, and skips what depends on a step that fails for good', () => {
        const folder = project(fixtures);
        const retried = runWeft(['run', 'sandboxed.weft', '--pipeline', 'retrying', '--format', 'json'], { cwd: folder });
        expect(retried.stderr).toMatch(/retrying on sandboxed \(gvisor\)/);
        expect(retried.status).toBe(0);
        expect(lastJson(retried.stdout)).toMatchObject({ status: 'completed', outputs: { result: 103 } });
        expect(runWeft(['show', lastJson(retried.stdout).runId], { cwd: folder }).stdout).toMatch(/^ {2}f\s+completed\s+2\s/m);

        const failed = runWeft(['run', 'sandboxed.weft', '--pipeline', 'failing', '--format', 'json'], { cwd: folder });
        expect(failed.status).toBe(1);
        expect(lastJson(failed.stdout).status).toBe('failed');
        const show = runWeft(['show', lastJson(failed.stdout).runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^ {2}b\s+failed\s+1\s/m);
        expect(show).toMatch(/^ {2}c\s+skipped\s/m);
        expect(`${failed.stderr}\n${show}`).toMatch(/this step always fails/);
    }, 120_000);

    it('fails an attempt whose output breaks the declared type, naming the field, exit 1', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'wrong-output.weft', '--format', 'json'], { cwd: folder });
        expect(result.status).toBe(1);
        expect(lastJson(result.stdout).status).toBe('failed');
        const show = runWeft(['show', lastJson(result.stdout).runId], { cwd: folder });
        expect(`${result.stderr}\n${show.stdout}`).toContain('c returned outputs that do not match its step: value is "3 things" (a string), expected an int (declared as int)');
    }, 60_000);

    it('runs a pipeline that calls another pipeline, its steps inline in the same run', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'nested.weft', '--pipeline', 'outer', '--format', 'json'], { cwd: folder });
        expect(result.stderr).not.toMatch(/error/i);
        expect(result.status).toBe(0);
        // last(x) is x * 2 (steps.ts), so twiceAndOne(n) = 4n and outer(2) = 4 * (4 * 2).
        expect(lastJson(result.stdout)).toMatchObject({ status: 'completed', outputs: { result: 32 } });
        const show = runWeft(['show', lastJson(result.stdout).runId], { cwd: folder });
        expect(show.stdout).toMatch(/^ {2}a\.d\s+completed/m);
        expect(show.stdout).toMatch(/^ {2}b\.i\s+completed/m);
    }, 60_000);

    it('runs a pipeline on a process target: outputs and run id, exit 0', () => {
        const folder = project(fixtures);
        const result = runWeft(['run', 'chain.weft', '--param', 'ms=10'], { cwd: folder });
        expect(result.status).toBe(0);
        expect(result.stderr).toMatch(/^run [0-9a-f-]{36}: chain on local \(process\)$/m);
        expect(result.stderr).toMatch(/^\s+\d+\.\ds {2}b {2}completed$/m);
        expect(result.stdout).toMatch(/^outputs:\n {2}result: 62\nrun [0-9a-f-]{36} completed\n$/);
    }, 60_000);

    it('refuses a file with errors, with its diagnostics, and a parameter the pipeline lacks', () => {
        const folder = project(fixtures);
        const broken = runWeft(['run', path.join(repositoryRoot, 'packages', 'cli', 'test', 'fixtures', 'broken', 'unknown-type.weft')], { cwd: folder });
        expect(broken.status).toBe(1);
        expect(broken.stdout).toMatch(/unknown-type\.weft:\d+:\d+: error unknown-reference/);
        expect(broken.stderr).toMatch(/not run: \d+ errors?/);
        const unknown = runWeft(['run', 'chain.weft', '--param', 'size=3'], { cwd: folder });
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toBe('weft: chain has no parameter size; its parameters are: n, ms\n');
    }, 60_000);

    it('survives SIGKILL: weft resume finishes the run without re-running completed tasks, with the same outputs', async () => {
        // The uninterrupted run, in a project of its own (so that nothing comes from its cache).
        const reference = lastJson(runWeft(['run', 'chain.weft', '--param', 'ms=300', '--format', 'json'], { cwd: project(fixtures) }).stdout);
        expect(reference.outputs).toEqual({ result: 62 });

        const folder = project(fixtures);
        const run = startWeft(['run', 'chain.weft', '--param', 'ms=300'], folder, /b {2}running/);
        await run.started;
        run.child.kill('SIGKILL');
        await run.exited;
        const runId = runIdIn(run.output().stderr);
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^run \S+: chain running\n(?:.*\n)*? {2}b\s+running\s+1/m);

        const resumed = runWeft(['resume', runId, '--format', 'json'], { cwd: folder });
        expect(resumed.status).toBe(0);
        expect(lastJson(resumed.stdout)).toEqual({ runId, status: 'completed', outputs: reference.outputs });
        // a completed before the kill and kept its one attempt; b's lost attempt ran again; c ran once.
        const show = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^ {2}a\s+completed\s+1\s/m);
        expect(show).toMatch(/^ {2}b\s+completed\s+2\s/m);
        expect(show).toMatch(/^ {2}c\s+completed\s+1\s/m);
        expect(runWeft(['logs', runId, 'a'], { cwd: folder }).stdout.match(/cache miss/g)).toHaveLength(1); // the resume did not look at a again
    }, 60_000);

    it('weft pause freezes a live run and weft resume continues it: one attempt, same outputs, exit 0', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'chain.weft', '--param', 'ms=1500', '--format', 'json'], folder, /b {2}running/);
        await run.started;
        const runId = runIdIn(run.output().stderr);
        const paused = runWeft(['pause', runId], { cwd: folder });
        expect(paused.status).toBe(0);
        expect(paused.stdout).toMatch(new RegExp(`^run ${runId} paused \\(process \\d+; 1 task frozen\\)`));
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}b\s+paused\s+1/m);
        // Frozen: longer than the step's own 1.5 s, the run must not finish on its own.
        await new Promise(resolve => setTimeout(resolve, 2500));
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}c\s+pending/m);
        const resumed = runWeft(['resume', runId], { cwd: folder });
        expect(resumed.stdout).toMatch(new RegExp(`^run ${runId} resumed \\(process \\d+\\)`));
        expect(await run.exited).toBe(0);
        expect(lastJson(run.output().stdout)).toEqual({ runId, status: 'completed', outputs: { result: 62 } });
        expect(runWeft(['show', runId], { cwd: folder }).stdout).toMatch(/^ {2}b\s+completed\s+1\s/m);
    }, 60_000);

    it('Ctrl-C cancels the run cleanly: tasks cancelled, the store says cancelled, exit 1', async () => {
        const folder = project(fixtures);
        const run = startWeft(['run', 'chain.weft', '--param', 'ms=20000'], folder, /b {2}running/);
        await run.started;
        const interrupted = Date.now();
        run.child.kill('SIGINT');
        expect(await run.exited).toBe(1);
        expect(Date.now() - interrupted).toBeLessThan(10_000);
        const runId = runIdIn(run.output().stderr);
        expect(run.output().stdout).toBe(`run ${runId} cancelled\n`);
        const show = runWeft(['show', runId], { cwd: folder }).stdout;
        expect(show).toMatch(/^run \S+: chain cancelled/);
        expect(show).toMatch(/^ {2}b\s+cancelled\s/m);
        expect(show).toMatch(/^ {2}c\s+cancelled\s/m);
    }, 60_000);

    it('weft cancel marks a run whose process died as cancelled, and signals a live one', async () => {
        const folder = project(fixtures);
        const dead = startWeft(['run', 'chain.weft', '--param', 'ms=20000'], folder, /b {2}running/);
        await dead.started;
        dead.child.kill('SIGKILL');
        await dead.exited;
        const deadId = runIdIn(dead.output().stderr);
        const cancel = runWeft(['cancel', deadId], { cwd: folder });
        expect(cancel.stdout).toBe(`run ${deadId} cancelled (its process had stopped; 2 tasks marked cancelled)\n`);
        expect(runWeft(['resume', deadId], { cwd: folder }).stderr).toMatch(/is cancelled|cancelled/);

        const live = startWeft(['run', 'chain.weft', '--param', 'ms=20000'], folder, /b {2}running/);
        await live.started;
        const liveId = runIdIn(live.output().stderr);
        const signalled = runWeft(['cancel', liveId], { cwd: folder });
        expect(signalled.stdout).toMatch(new RegExp(`^run ${liveId} cancelled \\(process \\d+ stopped it\\)\\n$`));
        expect(await live.exited).toBe(1);
    }, 60_000);
});

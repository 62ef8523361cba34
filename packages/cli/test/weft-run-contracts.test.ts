// `weft run` holds steps to their contracts at run time (issue 16): values that break a step's
// types or `where` clauses fail the task where they happen, before its code runs where they can,
// with a message that says which record, field or clause broke; no retry; exit 1.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWeft } from './run-weft.js';
import { lastJson, project } from './weft-run-helpers.js';
import { repositoryRoot } from './consumer-project.js';

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-contracts');

/** Runs a pipeline of contracts.weft in a fresh project; returns the run, its `show` and its `logs`. */
function run(pipeline: string, ...params: string[]) {
    const folder = project(fixtures);
    const result = runWeft(['run', 'contracts.weft', '--pipeline', pipeline, '--format', 'json', ...params.flatMap(param => ['--param', param])], { cwd: folder });
    const { runId, status } = lastJson(result.stdout);
    const show = runWeft(['show', runId], { cwd: folder });
    const logs = runWeft(['logs', runId], { cwd: folder });
    return { folder, result, status, show: show.stdout, logs: logs.stdout };
}

describe('weft run: the contract at run time', () => {
    it('fails the step that writes a dataset record missing a field, at that step, without retry', () => {
        const { result, status, show, logs } = run('writes');
        expect(result.status).toBe(1);
        expect(status).toBe('failed');
        const message = /l: output rows \(\/\S+\.jsonl\) record 4 \(line 5\) field text is nothing \(the field is missing\), expected a value/;
        expect(result.stderr).toMatch(message);
        // task, state, attempts (1: no retry although `retry { attempts: 3 }`), then the cause.
        expect(show).toMatch(new RegExp(`^ {2}l\\s+failed\\s+1\\s.*\\s${message.source}$`, 'm'));
        expect(show).toMatch(/^ {2}c\s+skipped/m);
        expect(logs).toMatch(/load ran/);
        expect(logs).not.toMatch(/count ran/);
    }, 120_000);

    it('fails the step given a declared dataset whose records do not fit, before its code runs', () => {
        const { folder, result, show, logs } = run('reads');
        expect(result.status).toBe(1);
        const message = `c: input rows (${path.join(folder, 'data', 'reviews.jsonl')}) record 1 (line 2) field text is nothing (the field is missing), expected a value`;
        expect(result.stderr).toContain(message);
        expect(show).toContain(message);
        expect(logs).not.toMatch(/count ran/);
    }, 120_000);

    it('fails the train task whose lr breaks its where clause, quoting it; the other lr runs', () => {
        const { result, show, logs } = run('sweep', 'lrs=[0.1,1.5]');
        expect(result.status).toBe(1);
        const message = 't[1]: the inputs break `where 0 < lr && lr < 1` (contracts.weft:23): it is false for lr = 1.5; the step did not run';
        expect(result.stderr).toContain(message);
        expect(show).toMatch(/^ {2}t\[0\]\s+completed\s+1\s/m);
        expect(show).toMatch(/^ {2}t\[1\]\s+failed\s+1\s.*\st\[1\]: the inputs break `where 0 < lr && lr < 1`/m);
        expect(logs).toMatch(/train ran with lr 0\.1$/m);
        expect(logs).not.toMatch(/lr 1\.5/);
    }, 120_000);
});

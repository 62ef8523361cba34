// `weft run --param`: every kind of parameter read by its declared type and checked, with the
// pipeline's `where` clauses, before anything is recorded — through the built CLI, on a project
// whose plan carries the language's JSON Schemas (weft-run-params-fixtures/params.weft).
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';
import { lastJson, project } from './weft-run-helpers.js';

const fixtures = path.join(repositoryRoot, 'packages', 'cli', 'test', 'weft-run-params-fixtures');
let folder: string;

beforeAll(() => {
    expectBuiltCli();
    folder = project(fixtures);
});

/** `weft run params.weft` with these `--param`s (and a vocab file unless one is given). */
function run(...pairs: string[]) {
    const vocab = pairs.some(pair => pair.startsWith('vocab=')) ? [] : ['vocab=vocab.txt'];
    return runWeft(['run', 'params.weft', '--format', 'json', ...[...vocab, ...pairs].flatMap(pair => ['--param', pair])], { cwd: folder });
}

describe('weft run --param', () => {
    it('reads every kind of value by its type, and runs', () => {
        const result = run('epochs=3', 'lr=3e-4', 'flag=true', 'note=42', 'lrs=[0.1,0.5]', 'cfg={"depth":2,"note":"x"}', 'mode=slow',
            'wait=2m', 'limit=8Gi', 'seed=null', 'data=other.jsonl', 'prior=base');
        expect(result.stderr).not.toMatch(/weft:/);
        expect(result.status).toBe(0);
        expect(lastJson(result.stdout).outputs).toEqual({
            summary: '{"epochs":3,"lr":0.0003,"flag":true,"note":"42","lrs":[0.1,0.5],"cfg":{"depth":2,"note":"x"},"mode":"slow","wait":120000,"limit":8589934592,"seed":null} other.jsonl base.json vocab.txt',
        });
    }, 60_000);

    it.each([
        ['int', ['epochs=seven'], '--param epochs=seven: epochs is an int, and "seven" is not one'],
        ['int, not a float', ['epochs=2.5'], '--param epochs=2.5: epochs is an int, and 2.5 is not one'],
        ['int under a where clause', ['epochs=abc'], '--param epochs=abc: epochs is an int, and "abc" is not one'],
        ['float', ['epochs=1', 'lr=fast'], '--param lr=fast: lr is a float, and "fast" is not one'],
        ['bool', ['epochs=1', 'flag=yes'], '--param flag=yes: flag is a bool, and "yes" is not one'],
        ['list element', ['epochs=1', 'lrs=[0.1,"x"]'], '--param lrs=[0.1,"x"]: lrs[1] is a float, and "x" (a string) is not one'],
        ['list that is no JSON', ['epochs=1', 'lrs=0.1,0.2'], '--param lrs=0.1,0.2: lrs is a list of float, written in JSON, and 0.1,0.2 is not JSON'],
        ['record field', ['epochs=1', 'cfg={"depth":"deep"}'], '--param cfg={"depth":"deep"}: cfg.depth is an int, and "deep" (a string) is not one'],
        ['record without a required field', ['epochs=1', 'cfg={"note":"x"}'], '--param cfg={"note":"x"}: cfg.depth is missing (cfg is a Config)'],
        ['enum', ['epochs=1', 'mode=medium'], '--param mode=medium: mode is a Mode (one of "fast", "slow"), and "medium" is not one'],
        ['duration', ['epochs=1', 'wait=soon'], '--param wait=soon: wait is a duration (30s, 5m, 2h or milliseconds), and "soon" is not one'],
        ['memory', ['epochs=1', 'limit=8Gb'], '--param limit=8Gb: limit is a memory (512Mi, 8Gi or bytes), and "8Gb" is not one'],
        ['optional', ['epochs=1', 'seed=none'], '--param seed=none: seed is an int or null, and "none" is not one'],
        ['dataset path missing', ['epochs=1', 'data=missing.jsonl'], '--param data=missing.jsonl: data is a Dataset<Row>, and there is no file missing.jsonl (nor a dataset of that name in the plan)'],
        ['dataset path a folder', ['epochs=1', 'data=data'], '--param data=data: data is a Dataset<Row>, and data is a folder; give a file'],
        ['model', ['epochs=1', 'prior=reviews'], '--param prior=reviews: prior is a Model<Row, string>, and reviews is a dataset of the plan, not a model'],
        ['file', ['epochs=1', 'vocab=words.txt'], '--param vocab=words.txt: vocab is a File, and there is no file words.txt'],
        ['unknown parameter', ['epochs=1', 'size=3'], 'train has no parameter size; its parameters are: epochs, lr, flag, note, lrs, cfg, mode, wait, limit, seed, data, prior, vocab'],
        ['missing required parameter', [], 'train needs the parameter epochs (an int), which has no default; give it with --param epochs=…'],
        ['malformed --param', ['epochs'], '--param epochs: expected name=value'],
        ['where clause', ['epochs=0'], '--param epochs=0 breaks where 0 < epochs (pipeline train, params.weft:25)'],
    ])('refuses a bad %s: exit 2 and one line', (_kind, pairs, message) => {
        const result = run(...pairs);
        expect(result.stderr).toBe(`weft: ${message}\n`);
        expect(result.stdout).toBe('');
        expect(result.status).toBe(2);
    }, 60_000);

    it('never refuses a string, and records nothing for a refused run: weft runs lists only the runs that started', () => {
        const before = runWeft(['runs'], { cwd: folder }).stdout.trim().split('\n').filter(line => line !== '');
        expect(run('epochs=0').status).toBe(2);
        expect(run('epochs=seven').status).toBe(2);
        expect(runWeft(['runs'], { cwd: folder }).stdout.trim().split('\n').filter(line => line !== '')).toEqual(before);
        const started = run('epochs=1', 'note=[not json');
        expect(started.status).toBe(0);
        const { runId } = lastJson(started.stdout);
        expect(started.stderr).toContain(`run ${runId}: train on local (process)`);
        expect(runWeft(['runs'], { cwd: folder }).stdout).toContain(runId);
        expect(runWeft(['show', runId], { cwd: folder }).status).toBe(0);
    }, 120_000);
});

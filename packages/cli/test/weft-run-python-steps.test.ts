// `weft run` of a pipeline with Python steps: refused at once, naming the step, until the runtime can run them.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './consumer-project.js';
import { expectBuiltCli, runWeft } from './run-weft.js';

beforeAll(() => expectBuiltCli());

const mixed = path.join(repositoryRoot, 'packages', 'language', 'test', 'generation', 'python', 'mixed');

describe('weft run of a pipeline with Python steps', () => {
    it('fails before anything runs with one line naming the first Python step, and exit code 2', () => {
        const project = mkdtempSync(path.join(tmpdir(), 'weft-run-python-'));
        cpSync(mixed, project, { recursive: true });
        const result = runWeft(['run', 'training.weft'], { cwd: project });
        expect(result.stderr).toBe('weft: step `train` (node m of pipeline mixed) is implemented in Python (steps/train.py#train), '
            + 'and weft run cannot run Python steps yet: only TypeScript steps run\n');
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        // The TypeScript step before it did not run: no run was recorded.
        expect(existsSync(path.join(project, '.weft', 'runs.db'))).toBe(false);
    });

    it('finds a Python step inside a called pipeline', () => {
        const project = mkdtempSync(path.join(tmpdir(), 'weft-run-python-'));
        mkdirSync(path.join(project, 'steps'));
        writeFileSync(path.join(project, 'steps', 'double.ts'), 'export function double(inputs: { x: number }) { return { y: inputs.x * 2 }; }\n');
        writeFileSync(path.join(project, 'steps', 'score.py'), 'def score(inputs, ctx):\n    return None\n');
        writeFileSync(path.join(project, 'nested.weft'), [
            'step double(x: int) -> (y: int) {\n  run: "./steps/double.ts#double"\n}',
            'step score(x: int) -> (s: float) {\n  run: "./steps/score.py#score"\n}',
            'pipeline inner(x: int) -> (s: float) {\n  let c = score(x)\n  return { s: c.s }\n}',
            'pipeline outer(x: int = 2) -> (s: float) {\n  let d = double(x)\n  let i = inner(d.y)\n  return { s: i.s }\n}',
        ].join('\n\n'));
        const result = runWeft(['run', 'nested.weft', '--pipeline', 'outer'], { cwd: project });
        expect(result.stderr).toBe('weft: step `score` (node c of pipeline inner) is implemented in Python (steps/score.py#score), '
            + 'and weft run cannot run Python steps yet: only TypeScript steps run\n');
        expect(result.status).toBe(2);
    });
});

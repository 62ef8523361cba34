// `weft run` of a pipeline with Python steps: refused at once, naming the step, until the runtime can run them.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
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
});

// The generated Python contracts bite: Debian's mypy (scripts/test-prerequisites.mjs installs it)
// passes a correct implementation and rejects three wrong ones, each with the error a user would see.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../generation-helper.js';
import { generatePythonFolder, mixedFixture, wrongImplementations } from './python-helper.js';

/** Debian's mypy runs on Debian's /usr/bin/python3, whatever python3 comes first on the PATH. */
const MYPY = '/usr/bin/mypy';
const PYTHON = '/usr/bin/python3';

let folder: string;
let contracts: string;

beforeAll(async () => {
    if (!existsSync(MYPY)) throw new Error(`${MYPY} is missing: install Debian's mypy (npm test does, through scripts/test-prerequisites.mjs)`);
    folder = mkdtempSync(path.join(tmpdir(), 'weft-mypy-'));
    contracts = path.join(folder, 'contracts');
    const { files, errors } = await generatePythonFolder(mixedFixture);
    expect(errors).toEqual([]);
    writeFiles(contracts, files);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `mypy --strict file` in `cwd`, the generated contracts on its module path. */
function mypy(cwd: string, file: string): { status: number | null; output: string } {
    const result = spawnSync(MYPY, ['--strict', '--no-error-summary', '--cache-dir', path.join(folder, 'mypy-cache'), file], {
        cwd, env: { ...process.env, MYPYPATH: contracts }, encoding: 'utf8', timeout: 180_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('mypy --strict on implementations of the generated Python contracts', () => {
    it('passes the correct implementations of the mixed pipeline\'s Python steps', () => {
        expect(mypy(path.join(mixedFixture, 'steps'), 'train.py')).toEqual({ status: 0, output: '' });
    }, 240_000);

    it('rejects a step that takes the wrong inputs', () => {
        expect(mypy(wrongImplementations, 'wrong_input.py')).toEqual({
            status: 1,
            output: 'wrong_input.py:6: error: Argument 1 has incompatible type "Callable[[EvaluateInputs, StepContext], TrainOutputs]"; '
                + 'expected "Callable[[TrainInputs, StepContext], Union[TrainOutputs, Awaitable[TrainOutputs]]]"  [arg-type]\n',
        });
    }, 240_000);

    it('rejects a step that returns the wrong outputs', () => {
        expect(mypy(wrongImplementations, 'wrong_output.py')).toEqual({
            status: 1,
            output: 'wrong_output.py:6: error: Argument 1 has incompatible type "Callable[[TrainInputs, StepContext], EvaluateOutputs]"; '
                + 'expected "Callable[[TrainInputs, StepContext], Union[TrainOutputs, Awaitable[TrainOutputs]]]"  [arg-type]\n',
        });
    }, 240_000);

    it('rejects a step that leaves out an output', () => {
        expect(mypy(wrongImplementations, 'missing_output.py')).toEqual({
            status: 1,
            output: 'missing_output.py:8: error: Missing named argument "history" for "TrainOutputs"  [call-arg]\n',
        });
    }, 240_000);

    it('imports and runs under Python: the decorated step carries its contract, with the plan\'s hash', () => {
        const script = [
            'import threading, train, training',
            'from records import Tokens',
            'from weft_contract import Dataset',
            'class Log:',
            '    def info(self, message, fields=None): print(message, fields)',
            'class Context:',
            '    node, attempt, cancelled, logger, work_dir = "m", 1, threading.Event(), Log(), "/tmp"',
            'outputs = train.train(training.TrainInputs(data=Dataset(path="t.jsonl"), lr=0.1, options=training.TrainInputsOptions(epochs=2, weights={})), Context())',
            'print(outputs.history, train.train.__weft_contract__.contract_hash == training.train.contract_hash, training.train.implementation)',
        ].join('\n');
        const result = spawnSync(PYTHON, ['-c', script], {
            env: { ...process.env, PYTHONPATH: `${contracts}${path.delimiter}${path.join(mixedFixture, 'steps')}`, PYTHONDONTWRITEBYTECODE: '1' },
            encoding: 'utf8', timeout: 60_000,
        });
        expect(result.stderr).toBe('');
        expect(result.stdout).toBe("training {'lr': 0.1, 'epochs': 2}\n[1.0, 0.5] True steps/train.py#train\n");
    });
});

import { CommanderError } from 'commander';
import { WeftError } from '@weft/contract';
import { describe, expect, test } from 'vitest';
import { ExitError, UserError } from '../src/errors.js';
import { expectBuiltCli } from './run-weft.js';

// exit-codes.ts loads @weft/language through its package exports, i.e. from its dist/.
expectBuiltCli();
const { endingFor, ExitCode } = await import('../src/exit-codes.js');
const { UnreadablePathError } = await import('@weft/language/node');
const { ParameterTypeError, StepCodeChangedError, StoreUnwritableError, OutputMismatchError } = await import('@weft/runtime');

describe('endingFor', () => {
    test('an exit error ends with its code and no message (the command has reported)', () => {
        expect(endingFor(new ExitError(ExitCode.ProblemsFound), false)).toEqual({ exitCode: 1 });
    });

    test('user errors exit 2 with one line and no stack', () => {
        expect(endingFor(new UserError('cannot read a.weft:\npermission denied'), true))
            .toEqual({ exitCode: 2, message: 'weft: cannot read a.weft: permission denied' });
        expect(endingFor(new UnreadablePathError('x', 'no such file or directory'), false))
            .toEqual({ exitCode: 2, message: 'weft: cannot read x: no such file or directory' });
    });

    test('an error of the user\'s from the runtime exits 2 with its one line, without a wrapper', () => {
        const error = new ParameterTypeError('train', { file: 'train.weft', line: 3 }, 'n', 'n is an int, and "seven" is not one');
        expect(error.fault).toBe('user');
        expect(endingFor(error, true)).toEqual({ exitCode: 2, message: 'weft: n is an int, and "seven" is not one (pipeline train, train.weft:3)' });
        const changed = new StepCodeChangedError('r1', [{ taskId: 't', step: 's', module: 'steps.ts' }]);
        expect(endingFor(changed, false)).toEqual({ exitCode: 2, message: `weft: ${changed.message}` });
    });

    test('an infrastructure error exits 2 with one line, as a full disk always has', () => {
        const error = new StoreUnwritableError('/p/.weft/runs.db', 'disk full');
        expect(error.fault).toBe('infrastructure');
        expect(endingFor(error, true)).toEqual({ exitCode: 2, message: 'weft: the run store /p/.weft/runs.db cannot be written: disk full' });
    });

    test('an error of a step\'s code exits 1, as a run that did not complete does, with one line', () => {
        const error = new OutputMismatchError('t', 'count', '', 'an int', 'nothing', 'is missing');
        expect(error.fault).toBe('step');
        expect(endingFor(error, true)).toEqual({ exitCode: 1, message: 'weft: t returned outputs that do not match its step: count is missing' });
    });

    test('an error that is Weft\'s own fault is an internal error, exit 70', () => {
        class BrokenInvariantError extends WeftError {
            static override readonly fault = 'weft';
            static override readonly code = 'broken-invariant';
        }
        const error = new BrokenInvariantError('a task ran twice');
        const ending = endingFor(error, false);
        expect(ending.exitCode).toBe(70);
        expect(ending.message).toBe(`weft: internal error: ${error.message}\nrerun with WEFT_DEBUG=1 to see the stack trace, and please report it`);
    });

    test('commander errors exit 2, help and version exit 0', () => {
        expect(endingFor(new CommanderError(1, 'commander.unknownOption', 'error: unknown option'), false)).toEqual({ exitCode: 2 });
        expect(endingFor(new CommanderError(0, 'commander.version', '0.1.0'), false)).toEqual({ exitCode: 0 });
        expect(endingFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), false)).toEqual({ exitCode: 0 });
    });

    test('anything else is an internal error, exit 70, with a hint to rerun for the stack', () => {
        const ending = endingFor(new TypeError("Cannot read properties of undefined (reading 'name')"), false);
        expect(ending.exitCode).toBe(70);
        const [first, second, ...rest] = ending.message!.split('\n');
        expect(first).toBe("weft: internal error: Cannot read properties of undefined (reading 'name')");
        expect(second).toContain('WEFT_DEBUG=1');
        expect(rest).toEqual([]);
    });

    test('WEFT_DEBUG shows the stack of an internal error', () => {
        const error = new Error('boom');
        const ending = endingFor(error, true);
        expect(ending.exitCode).toBe(70);
        expect(ending.message).toContain(error.stack!);
        expect(endingFor('not even an error', true).message).toContain('weft: internal error: not even an error');
    });
});

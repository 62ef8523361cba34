import { CommanderError } from 'commander';
import { describe, expect, test } from 'vitest';
import { ExitError, UserError } from '../src/errors.js';
import { expectBuiltCli } from './run-weft.js';

// exit-codes.ts loads @weft/language through its package exports, i.e. from its dist/.
expectBuiltCli();
const { endingFor, ExitCode } = await import('../src/exit-codes.js');
const { UnreadablePathError } = await import('@weft/language/node');

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

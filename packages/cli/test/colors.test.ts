import { describe, expect, test } from 'vitest';
import { shouldUseColor } from '../src/colors.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('shouldUseColor', () => {
    test.each([
        ['a terminal', tty, {}, true],
        ['a pipe', pipe, {}, false],
        ['a dumb terminal', tty, { TERM: 'dumb' }, false],
        ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, false],
        ['an empty NO_COLOR', tty, { NO_COLOR: '' }, true],
        ['FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '1' }, true],
        ['an empty FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '' }, true],
        ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
        ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, false],
        ['FORCE_COLOR over NO_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ] as const)('%s', (_name, stream, env, expected) => {
        expect(shouldUseColor(stream, env)).toBe(expected);
    });
});

import { describe, expect, it } from 'vitest';
import { visible } from '../src/visible-text.js';

describe('visible', () => {
    it('writes control characters as escapes and leaves other text alone', () => {
        expect(visible('clear\x1b[2J\rback\n[weft] forged line')).toBe('clear\\x1b[2J\\rback\\n[weft] forged line');
        expect(visible('a\tb\x00c\x07d\x7fe')).toBe('a\\tb\\x00c\\x07d\\x7fe');
        // 8-bit CSI and other C1 controls, Unicode line separators and bidirectional overrides.
        expect(visible('\x9b2J\x85\u2028\u2029\u202etxt.exe\u2066\u200f')).toBe('\\x9b2J\\x85\\u2028\\u2029\\u202etxt.exe\\u2066\\u200f');
        expect(visible('plain text, ünïcödé, 日本語, emoji 😀, a\\path')).toBe('plain text, ünïcödé, 日本語, emoji 😀, a\\path');
    });
});

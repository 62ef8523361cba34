// Inlining constants where they are named: a constant that refers to itself, directly or through
// others, has no value, and inlining it stops instead of looping.
import { describe, expect, test } from 'vitest';
import type { ConstDeclaration } from '../../src/generated/ast.js';
import { staticValue } from '../../src/generation/static-values.js';
import { ConstantInlining } from '../../src/helpers/constant-inlining.js';
import { createTypingServices, declaration, parseWeft } from '../typing/typing-helper.js';

const text = 'const a = b\nconst b = a\nconst d = 3\nconst c = 2 * d\n';

describe('ConstantInlining', () => {
    test('gives a constant\'s value, and undefined for one already being inlined', async () => {
        const document = await parseWeft(createTypingServices(), text);
        const a = declaration(document, 'a') as ConstDeclaration;
        const inlining = new ConstantInlining();
        const seen: string[] = [];
        const valueOfA = (): string | undefined => inlining.inline(a, value => {
            seen.push(value.$type);
            return valueOfA() ?? 'cycle';
        });
        expect(valueOfA()).toBe('cycle');
        expect(seen).toEqual(['NameReference']);
        expect(inlining.inline(a, () => 'again')).toBe('again');
    });

    test('lets staticValue compute constants of constants and give null for a cycle', async () => {
        const document = await parseWeft(createTypingServices(), text);
        const value = (name: string) => staticValue((declaration(document, name) as ConstDeclaration).value);
        expect(value('c')).toBe(6);
        expect(value('a')).toBeNull();
        expect(value('b')).toBeNull();
    });
});

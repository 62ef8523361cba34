import { AstUtils, CstUtils, EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { isBinaryExpression, type BinaryExpression } from '../../src/generated/ast.js';
import { createWeftServices } from '../../src/weft-module.js';

// Binary operators are parsed by infix rules (src/parsing/weft-parser.ts): each operation must
// still own a CST node covering exactly its operands, as one rule per precedence level made.
const parser = createWeftServices(EmptyFileSystem).Weft.parser.LangiumParser;

function operations(expression: string): { text: string; operator: string; owns: boolean }[] {
    const result = parser.parse(`const x = ${expression}\n`);
    expect(result.lexerErrors).toEqual([]);
    expect(result.parserErrors).toEqual([]);
    return AstUtils.streamAst(result.value).filter(isBinaryExpression).map((node: BinaryExpression) => ({
        text: node.$cstNode!.text, operator: node.operator, owns: node.$cstNode!.astNode === node,
    })).toArray();
}

describe('the parser gives every binary operation its own CST node', () => {
    test('precedence and left associativity, each operation spanning its operands', () => {
        expect(operations('1 + 2 * 3 < 4 && a || b')).toEqual([
            { text: '1 + 2 * 3 < 4 && a || b', operator: '||', owns: true },
            { text: '1 + 2 * 3 < 4 && a', operator: '&&', owns: true },
            { text: '1 + 2 * 3 < 4', operator: '<', owns: true },
            { text: '1 + 2 * 3', operator: '+', owns: true },
            { text: '2 * 3', operator: '*', owns: true },
        ]);
        expect(operations('5 - 1 - 2 == 2').map(operation => operation.text)).toEqual(['5 - 1 - 2 == 2', '5 - 1 - 2', '5 - 1']);
    });

    test('comments inside an operation stay in it; parentheses, calls and ranges start new chains', () => {
        expect(operations('a * /* scale */ b + c').map(operation => operation.text)).toEqual(['a * /* scale */ b + c', 'a * /* scale */ b']);
        expect(operations('(a + b) * max(c - d, 2) in 1..n * 2').map(operation => operation.text))
            .toEqual(['(a + b) * max(c - d, 2)', 'a + b', 'c - d', 'n * 2']);
    });

    test('a leaf belongs to the innermost operation around it', () => {
        const text = 'const x = 1 + 2 * 3 == 7\n';
        const result = parser.parse(text);
        const star = CstUtils.findLeafNodeAtOffset(result.value.$cstNode!, text.indexOf('*'))!;
        expect(star.text).toBe('*');
        expect(star.astNode.$cstNode!.text).toBe('2 * 3');
        const equals = CstUtils.findLeafNodeAtOffset(result.value.$cstNode!, text.indexOf('=='))!;
        expect(equals.astNode.$cstNode!.text).toBe('1 + 2 * 3 == 7');
    });

    test('a chain cut short by a syntax error does not throw and keeps what it parsed', () => {
        const result = parser.parse('const x = 1 + 2 * \nconst y = 3\n');
        expect(result.parserErrors.length).toBeGreaterThan(0);
        const texts = AstUtils.streamAst(result.value).filter(isBinaryExpression).map(node => node.$cstNode?.text).toArray();
        expect(texts.every(text => text === undefined || text.startsWith('1 + 2'))).toBe(true);
    });
});

describe('a text that makes Langium\'s error recovery throw', () => {
    // `in` starting an expression: recovery runs the range action on a node it never built.
    const crashing = ['const a = in..4\n', 'step s() { where in in 1..4 }\n', 'step()where in..4'];

    test('gets the syntax errors found so far and an empty file, not an exception', () => {
        for (const text of crashing) {
            const result = parser.parse(text);
            expect(result.parserErrors.length, text).toBeGreaterThan(0);
            expect(result.value.$type).toBe('WeftFile');
            expect(result.value.$cstNode?.root.fullText).toBe(text);
        }
    });

    test('leaves the parser as it was: the next documents parse as with a fresh parser', () => {
        const fresh = () => createWeftServices(EmptyFileSystem).Weft.parser.LangiumParser;
        const broken = 'step s(x: int) -> (y: int) {\n  run: "./s.ts#s"\n  where x in 1..\n}\n';
        const valid = 'step s(x: int) -> (y: int) {\n  run: "./s.ts#s"\n  where x in 1..4\n}\n';
        for (const text of crashing) parser.parse(text);
        for (const text of [broken, valid]) {
            const after = parser.parse(text);
            const expected = fresh().parse(text);
            expect(after.parserErrors.map(error => error.message)).toEqual(expected.parserErrors.map(error => error.message));
            expect(AstUtils.streamAst(after.value).map(node => node.$type).toArray()).toEqual(AstUtils.streamAst(expected.value).map(node => node.$type).toArray());
        }
    });
});

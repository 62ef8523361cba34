import { describe, expect, test } from 'vitest';
import type { EncodingScope } from '../../src/constraints/encoding.js';
import { printTerm } from '../../src/constraints/terms.js';
import { isStepDeclaration, isWhereClause } from '../../src/generated/ast.js';
import { createTypingServices, declaration, parseWeft } from '../typing/typing-helper.js';

const services = createTypingServices();

/** The encoding of each `where` clause of a step `s` with the given parameters, in document order. */
async function encodeClauses(parameters: string, ...clauses: string[]): Promise<(string | undefined)[]> {
    const document = await parseWeft(services, `const two = 2\nconst limit = 4Gi\nstep s<N>(${parameters}) {\n${clauses.map(clause => `  where ${clause}`).join('\n')}\n}`);
    const step = declaration(document, 's');
    if (!isStepDeclaration(step)) throw new Error('no step');
    const model = services.constraints.Model;
    const scope: EncodingScope = model.constraintsOf(step).scope;
    return step.members.filter(isWhereClause).map(clause => {
        const term = model.encoder.encodeCondition(clause.condition, scope);
        return term === undefined ? undefined : printTerm(term);
    });
}

describe('expression encoding', () => {
    test('ints, floats and bools get their sorts; operators map one to one', async () => {
        expect(await encodeClauses('a: int, lr: float, on: bool', 'a % 8 == 0', '0 < lr && lr < 1', '!on || a / 2 >= 3')).toEqual([
            '(eq (mod "a":int 8) 0)',
            '(and (lt 0/1 "lr":real) (lt "lr":real 1/1))',
            '(or (not "on":bool) (le 3 (div "a":int 2)))',
        ]);
    });

    test('quantities are integers in base units', async () => {
        expect(await encodeClauses('m: memory, t: duration', 'm <= 16Gi', 't >= 90m', 'm >= 512Mi + limit')).toEqual([
            `(le "m":int ${16 * 1024 ** 3})`,
            '(le 5400000 "t":int)',
            `(le ${512 * 1024 ** 2 + 4 * 1024 ** 3} "m":int)`,
        ]);
    });

    test('ranges, min, max, constants and dimension variables', async () => {
        expect(await encodeClauses('a: int, b: int', 'a in 1..two * 4', 'min(a, b) > max(two, N)')).toEqual([
            '(and (le 1 "a":int) (le "a":int 8))',
            '(lt (max 2 "N":int) (min "a":int "b":int))',
        ]);
    });

    test('claims nothing about what it cannot encode', async () => {
        expect(await encodeClauses('a: int, name: string, m: memory', 'name == "x"', 'a < 3s', 'm + 3 > 0')).toEqual([undefined, undefined, undefined]);
    });

    test('literal arithmetic folds', async () => {
        expect(await encodeClauses('a: int', '2 * 3 == 6', '1Gi == 1024Mi')).toEqual(['true', 'true']);
    });
});

// What a new user meets first, read from real files on disk: a `run` naming the compiled file
// for its source (or the reverse), a bare word as a member's value, and `where` clauses quoted
// as written (comments left out) by the constraint diagnostics.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { disposeZ3 } from '../../src/constraints/z3-engine.js';
import { loadWorkspace } from '../../src/node/workspace-loader.js';

const folder = mkdtempSync(path.join(tmpdir(), 'weft-first-hour-'));
afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await disposeZ3();
});

/** The diagnostics of `source` (saved as `name` in the test folder) as `[code, line, message]`, by line. */
async function diagnosticsOf(name: string, source: string, codes?: readonly string[]): Promise<[string, number, string][]> {
    const file = path.join(folder, name);
    writeFileSync(file, source);
    const { roots } = await loadWorkspace([file]);
    return roots[0]!.diagnostics!
        .filter(diagnostic => codes === undefined || codes.includes(String(diagnostic.code)))
        .map((diagnostic): [string, number, string] => [String(diagnostic.code), diagnostic.range.start.line + 1, diagnostic.message])
        .sort((a, b) => a[1] - b[1]);
}

const step = (name: string, run: string) => `step ${name}() {\n  run: "${run}"\n}\n`;

describe('impl-not-found suggests the file beside the one named', () => {
    test('.js for an existing .ts, .ts for an existing .js, .mjs for .mts; a missing export there is named', async () => {
        writeFileSync(path.join(folder, 'train.ts'), 'export async function train() { return {}; }\n');
        writeFileSync(path.join(folder, 'compiled.js'), 'export function score() { return {}; }\n');
        writeFileSync(path.join(folder, 'module.mts'), 'export const fit = () => ({});\n');
        writeFileSync(path.join(folder, 'other.ts'), 'export function evaluate() { return {}; }\n');
        const source = [
            step('a', './train.js#train'),
            step('b', './compiled.ts#score'),
            step('c', './module.mjs#fit'),
            step('d', './other.js#evalute'),
        ].join('');
        expect(await diagnosticsOf('siblings.weft', source)).toEqual([
            ['impl-not-found', 2, `The implementation file \`./train.js\` does not exist (looked for ${folder}/train.js), but \`./train.ts\` does: write \`run: "./train.ts#train"\`.`],
            ['impl-not-found', 5, `The implementation file \`./compiled.ts\` does not exist (looked for ${folder}/compiled.ts), but \`./compiled.js\` does: write \`run: "./compiled.js#score"\`.`],
            ['impl-not-found', 8, `The implementation file \`./module.mjs\` does not exist (looked for ${folder}/module.mjs), but \`./module.mts\` does: write \`run: "./module.mts#fit"\`.`],
            ['impl-not-found', 11, `The implementation file \`./other.js\` does not exist (looked for ${folder}/other.js), but \`./other.ts\` does, without an export \`evalute\` (it exports \`evaluate\`). Did you mean \`evaluate\`?`],
        ]);
    });

    test('no suggestion when neither file exists, nothing when the named file exists, and a near-miss export', async () => {
        writeFileSync(path.join(folder, 'steps.ts'), 'export function train() { return {}; }\n');
        const source = [step('a', './absent.js#train'), step('b', './steps.ts#train'), step('c', './steps.ts#trian'), step('d', './steps#train')].join('');
        expect(await diagnosticsOf('plain.weft', source)).toEqual([
            ['impl-not-found', 2, `The implementation file \`./absent.js\` does not exist (looked for ${folder}/absent.js); create it or fix the path before \`#\`.`],
            ['impl-not-found', 8, '`./steps.ts` has no export `trian`; it exports `train`. Did you mean `train`?'],
            ['impl-not-found', 11, `The implementation file \`./steps\` does not exist (looked for ${folder}/steps); create it or fix the path before \`#\`.`],
        ]);
    });
});

describe('a half-typed step', () => {
    test('`step {` is a syntax error only, not also a step `undefined` without `run`', async () => {
        expect(await diagnosticsOf('unnamed.weft', 'step {\n')).toEqual([['syntax-error', 1, 'Expected a name but found `{`.']]);
    });
});

describe('a bare word as a member value says what the member takes', () => {
    test('cache: yes, runtime: gvisor, retry factor, readOnly: True, a call\'s with block, targets: dev', async () => {
        writeFileSync(path.join(folder, 'impl.ts'), 'export function s() { return {}; }\n');
        const source = `target dev: sandbox {
  runtime: gvisor
}
step s() {
  run: "./impl.ts#s"
  cache: yes
  image: node
  retry { attempts: 2, factor: double }
  sandbox { readOnly: True }
}
pipeline p() {
  targets: dev
  let a = s() with { cache: no }
}
`;
        expect(await diagnosticsOf('members.weft', source, ['unknown-reference', 'invalid-member'])).toEqual([
            ['unknown-reference', 2, 'Cannot find `gvisor`: `runtime` takes "gvisor" or "process"; write `"gvisor"` in quotes.'],
            ['unknown-reference', 6, 'Cannot find `yes`: `cache` takes `true`, `false` or `{ version: "…" }`; write `true`.'],
            ['unknown-reference', 7, 'Cannot find `node`: `image` takes a string; write `"node"` in quotes.'],
            ['unknown-reference', 8, 'Cannot find `double`: `factor` takes a number.'],
            ['unknown-reference', 9, 'Cannot find `True`: `readOnly` takes `true` or `false`; write `true`.'],
            ['invalid-member', 12, '`targets` takes a list of targets: write `[dev]`.'],
            ['unknown-reference', 13, 'Cannot find `no`: `cache` takes `true`, `false` or `{ version: "…" }`; write `false`.'],
        ]);
    });

    test('a constant as a member value still resolves, and a misspelt one is still suggested', async () => {
        const source = `const limit = 2h
step s() {
  run: "./impl.ts#s"
  timeout: limit
}
step t() {
  run: "./impl.ts#s"
  timeout: limt
}
`;
        expect(await diagnosticsOf('constants.weft', source, ['unknown-reference', 'invalid-member'])).toEqual([
            ['unknown-reference', 8, 'Cannot find `limt`: `timeout` takes a duration (e.g. `30s` or `2h`). Did you mean `limit`?'],
        ]);
    });
});

describe('constraint diagnostics quote the clause as written', () => {
    test('call-violates-constraint, default-violates-constraint and constraint-unsat, without the comments inside a clause', async () => {
        writeFileSync(path.join(folder, 'impl.ts'), 'export function s() { return {}; }\n');
        const source = `step train(lr: float, batch: int = 12) {
  run: "./impl.ts#s"
  where 0 < lr // strictly positive
     && lr < 1
  where batch % 8 == 0 /* whole bytes */
}
step both(n: int) {
  run: "./impl.ts#s"
  where n > 64
  where n <= /* at most */ 32
}
pipeline p() {
  let t = train(lr: 1.5, batch: 16)
  let b = both(n: 100)
}
`;
        expect(await diagnosticsOf('clauses.weft', source, ['call-violates-constraint', 'default-violates-constraint', 'constraint-unsat'])).toEqual([
            ['default-violates-constraint', 5, 'The defaults of `train` (batch = 12) violate `batch % 8 == 0`.'],
            ['constraint-unsat', 9, '`n > 64` contradicts `n <= 32`: no values of the parameters of `both` satisfy them together.'],
            ['constraint-unsat', 10, '`n <= 32` contradicts `n > 64`: no values of the parameters of `both` satisfy them together.'],
            ['call-violates-constraint', 13, '`train` requires `0 < lr && lr < 1`, but this call gives lr = 1.5.'],
            ['call-violates-constraint', 14, '`both` requires `n <= 32`, but this call gives n = 100.'],
        ]);
    });
});

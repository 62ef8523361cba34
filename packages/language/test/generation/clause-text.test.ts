// A `where` clause's `text` in the plan is the clause as written, on one line, for messages to
// quote: multi-line clauses are joined and comments inside are left out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFolder } from './generation-helper.js';

const source = `step s(lr: float, n: int, url: string) -> (o: int) {
  run: "./s.ts#s"
  where 0 < lr // lower
     && lr < 1 /* upper */  // after the clause
  where /* before */ n >= len([1,2])
  where url != "http://example.invalid/a//b"
}

pipeline p(lr: float, n: int = 4) -> (o: int) {
  where 0 < lr &&
    // the upper bound
    lr   <   1
  where n in 2..(8 * 2)
  let a = s(lr, n, "https://example.invalid")
  return { o: a.o }
}
`;

describe('the text of a where clause', () => {
    it('is the clause as written, on one line, without its comments', async () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-clause-'));
        writeFileSync(path.join(folder, 's.ts'), 'export function s() {}\n');
        writeFileSync(path.join(folder, 'p.weft'), source);
        const { files, errors } = await generateFolder(folder);
        expect(errors).toEqual([]);
        const plan = JSON.parse(files.find(file => file.path === 'p.p.plan.json')!.content) as {
            where: { text: string; source: { line: number } }[];
            nodes: { where: { text: string; source: { line: number } }[] }[];
        };
        expect(plan.where.map(clause => [clause.text, clause.source.line])).toEqual([
            ['0 < lr && lr < 1', 10],
            ['n in 2..(8 * 2)', 13],
        ]);
        expect(plan.nodes[0]!.where.map(clause => [clause.text, clause.source.line])).toEqual([
            ['0 < lr && lr < 1', 3],
            ['n >= len([1,2])', 5],
            ['url != "http://example.invalid/a//b"', 6],
        ]);
    });
});

import { type AstNode, DefaultAstNodeDescriptionProvider } from 'langium';
import { describe, expect, test } from 'vitest';
import { allNodes } from '../../src/helpers/ast-walk.js';
import { buildWorkspace } from './test-workspace.js';

// Weft's descriptions compute their positions and path when first read (scoping/weft-node-descriptions.ts):
// what they read must be what Langium's eager descriptions hold.
const source = `module demo version "1.0.0"

type Row = { id: string, score: float }

/// Scores rows.
step score<N>(rows: Dataset<Row>, batch: int = 32) -> (out: Dataset<Row>) {
  run: "./steps.ts#score"
  where batch % 8 == 0
}

pipeline main(data: Dataset<Row>) -> (result: Dataset<Row>) {
  let scored = score(data)
  return { result: scored.out }
}
`;

describe('descriptions of named nodes', () => {
    test('give the same name, type, document, positions and path as Langium\'s', async () => {
        const workspace = await buildWorkspace({ 'main.weft': source, 'steps.ts': 'export async function score() {}' });
        const document = workspace.document('main.weft');
        const weft = workspace.services.workspace.AstNodeDescriptionProvider;
        const langium = new DefaultAstNodeDescriptionProvider(workspace.services);
        const named = allNodes(document.parseResult.value)
            .filter((node): node is AstNode & { name: string } => typeof (node as { name?: unknown }).name === 'string');
        expect(named.map(node => node.name)).toEqual(expect.arrayContaining(['Row', 'id', 'score', 'N', 'rows', 'batch', 'out', 'main', 'scored']));
        for (const node of named) {
            const ours = weft.createDescription(node, node.name, document);
            const theirs = langium.createDescription(node, node.name, document);
            expect({ ...ours }, node.name).toEqual({ ...theirs });
        }
    });

    test('reject a node without a name, as Langium\'s do', async () => {
        const workspace = await buildWorkspace({ 'main.weft': source });
        const document = workspace.document('main.weft');
        const clause = allNodes(document.parseResult.value).find(node => node.$type === 'WhereClause')!;
        expect(() => workspace.services.workspace.AstNodeDescriptionProvider.createDescription(clause, undefined, document)).toThrow(/has no name/);
    });
});

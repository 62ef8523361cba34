import { type AstNode, AstUtils } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildWorkspace } from './test-workspace.js';

/**
 * `///` lines directly above a declaration, parameter, output, field or `let` are its
 * documentation. Each case names a node by its `name` and the documentation it must have.
 */
const source = `/// Reviews as they come from the crawler.
/// Labels are \`pos\` or \`neg\`.
type Review = {
  /// The raw text.
  text: string,
  label: string
}

/// Detached by a blank line: documents nothing.

step train(
  /// The learning rate, in (0, 1).
  lr: float,
  // A plain comment is not documentation,
  /// but the doc line right above counts.
  batch: int
) -> (
  /// The trained model.
  model: Model<Review, string>
) {
  run: "./steps.ts#train"
}

/* A block comment is not documentation. */
const limit: int = 3

///No space after the slashes.
///   Indentation after the first space stays.
pipeline fit() -> (model: Model<Review, string>) {
  /// Runs first.
  let m = train(0.1, 32)
  return { model: m.model }
}
`;

const expected: readonly (readonly [name: string, documentation: string | undefined])[] = [
    ['Review', 'Reviews as they come from the crawler.\nLabels are `pos` or `neg`.'],
    ['text', 'The raw text.'],
    ['label', undefined],
    ['train', undefined],
    ['lr', 'The learning rate, in (0, 1).'],
    ['batch', 'but the doc line right above counts.'],
    ['model', 'The trained model.'],
    ['limit', undefined],
    ['fit', 'No space after the slashes.\n  Indentation after the first space stays.'],
    ['m', 'Runs first.'],
];

describe('doc comments', async () => {
    const workspace = await buildWorkspace({ 'main.weft': source });
    const named = new Map<string, AstNode>();
    for (const node of AstUtils.streamAst(workspace.document('main.weft').parseResult.value)) {
        const name = (node as { name?: unknown }).name;
        if (typeof name === 'string' && !named.has(name)) named.set(name, node);
    }
    const documentation = workspace.services.documentation.DocumentationProvider;

    test.each(expected)('%s', (name, text) => {
        expect(named.get(name), `a node named ${name}`).toBeDefined();
        expect(documentation.getDocumentation(named.get(name)!)).toBe(text);
    });

    test('built-in declarations are documented too', () => {
        const int = workspace.services.builtins.Builtins.type('int');
        expect(documentation.getDocumentation(int!)).toBe('A whole number (an integer for the constraint solver).');
    });
});

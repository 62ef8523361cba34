import { EmptyFileSystem, URI } from 'langium';
import { afterEach, expect, test, vi } from 'vitest';
import type { WeftFile } from '../../src/generated/ast.js';
import { createWeftServices } from '../../src/weft-module.js';

// A validation check that throws on one kind of node throws on every such node: the server
// logged the same error, with its stack, thousands of times per keystroke (issue 25). It is
// logged once; every node still gets its diagnostic.
afterEach(() => { vi.restoreAllMocks(); });

test('a check that fails on 2,000 nodes logs its error once, and each node gets the diagnostic', async () => {
    const { shared, Weft } = createWeftServices(EmptyFileSystem);
    Weft.validation.ValidationRegistry.register({ NumberLiteral: () => { throw new Error('a check that fails on every number'); } });
    const logged: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { logged.push(args); });
    const validate = async (name: string) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString<WeftFile>(`const x = [${Array.from({ length: 2000 }, (_, k) => k).join(', ')}]\n`, URI.parse(`memory:///${name}.weft`));
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([Weft.builtins.Builtins.document, document], { validation: true });
        return document.diagnostics ?? [];
    };

    const diagnostics = await validate('first');
    const failures = diagnostics.filter(diagnostic => diagnostic.message === 'An error occurred during validation: a check that fails on every number');
    expect(failures).toHaveLength(2000);
    // The message with the error, then its stack: once.
    expect(logged).toHaveLength(2);
    expect(logged[0]![0]).toBe('An error occurred during validation (logged once; every node it fails on gets a diagnostic):');
    expect((logged[0]![1] as Error).message).toBe('a check that fails on every number');
    // The next keystroke's validation logs nothing more.
    expect((await validate('second')).filter(diagnostic => diagnostic.message.startsWith('An error occurred'))).toHaveLength(2000);
    expect(logged).toHaveLength(2);
});

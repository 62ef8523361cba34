import { type AstNode, EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import type { Declaration, WeftFile } from '../../src/generated/ast.js';
import type { Type } from '../../src/typing/model.js';
import { createWeftServices, type WeftServices } from '../../src/weft-module.js';

/** Weft services over an in-memory file system, shared by the typing tests of one file. */
export function createTypingServices(): WeftServices {
    return createWeftServices(EmptyFileSystem).Weft;
}

let counter = 0;

/** Parses, links and validates `text` as one Weft file beside the built-ins. */
export async function parseWeft(services: WeftServices, text: string): Promise<LangiumDocument<WeftFile>> {
    const builtins = services.builtins.Builtins.document;
    const uri = URI.parse(`memory:///typing-${++counter}.weft`);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString<WeftFile>(text, uri);
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([builtins, document], { validation: true });
    return document;
}

/** The declaration named `name` in a parsed file. */
export function declaration(document: LangiumDocument<WeftFile>, name: string): Declaration {
    const found = document.parseResult.value.declarations.find(candidate => candidate.name === name);
    if (found === undefined) throw new Error(`no declaration ${name}`);
    return found;
}

export function typeOf(services: WeftServices, node: AstNode | undefined): Type {
    return services.typing.TypeComputer.computeType(node);
}

/** Errors of a parsed document, as `code: message` lines (for failure output). */
export function errorsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).filter(diagnostic => diagnostic.severity === 1)
        .map(diagnostic => `${String(diagnostic.code)}: ${diagnostic.message}`);
}

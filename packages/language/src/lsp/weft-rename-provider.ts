import { type LangiumDocument } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import { ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keywords that the grammar's `Name` rule does not accept as names. */
const reservedKeywords: ReadonlySet<string> = new Set([
    'let', 'when', 'else', 'return', 'after', 'where', 'for', 'in', 'with', 'true', 'false', 'const',
]);

/**
 * Rename across files and imports (Langium's reference index), refusing names that cannot be
 * identifiers: keywords that are not also usable as names, and anything that is not `[A-Za-z_]\w*`.
 * An `import { a as b }` keeps its alias: renaming `a` renames the declaration and the
 * `a` in the import, not what the importing file calls it.
 */
export class WeftRenameProvider extends DefaultRenameProvider {
    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const problem = this.problemWith(params.newName);
        // -32602: invalid params; clients show the message to the user.
        if (problem) throw new ResponseError(-32602, problem);
        return super.rename(document, params);
    }

    /** Why `name` cannot be a Weft name, or `undefined` when it can. */
    problemWith(name: string): string | undefined {
        if (!IDENTIFIER.test(name)) return `\`${name}\` is not a valid Weft name: use letters, digits and \`_\`, not starting with a digit.`;
        if (reservedKeywords.has(name)) return `\`${name}\` is a keyword and cannot be a name.`;
        return undefined;
    }
}

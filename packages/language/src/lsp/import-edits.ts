import { CstUtils } from 'langium';
import type { TextEdit } from 'vscode-languageserver';
import type { WeftFile } from '../generated/ast.js';

/**
 * The edit that imports `name` from `path`: added to an existing import of that path, or a new
 * import line after the module header and the other imports.
 */
export function importEdits(root: WeftFile, name: string, path: string): TextEdit[] {
    const existing = (root.imports ?? []).find(imported => imported.path === path);
    const lastItem = existing?.items?.at(-1)?.$cstNode;
    if (lastItem) return [{ range: { start: lastItem.range.end, end: lastItem.range.end }, newText: `, ${name}` }];
    const close = existing?.$cstNode && CstUtils.flattenCst(existing.$cstNode).find(leaf => leaf.text === '}');
    if (close) return [{ range: { start: close.range.start, end: close.range.start }, newText: `${name} ` }];
    const statement = `import { ${name} } from "${path}"`;
    const last = root.imports?.at(-1)?.$cstNode ?? root.header?.$cstNode;
    if (last) return [{ range: { start: last.range.end, end: last.range.end }, newText: `\n${statement}` }];
    const start = { line: 0, character: 0 };
    return [{ range: { start, end: start }, newText: `${statement}\n\n` }];
}

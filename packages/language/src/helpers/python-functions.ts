/**
 * The top-level functions of a Python file, found by a textual check rather than a Python
 * parser (Weft has no Python dependency): a line that starts, at column 0, with `def NAME(` or
 * `async def NAME(`. A method (indented) or a nested function does not count. A `def` at
 * column 0 inside a triple-quoted string would count, and a function made by assignment
 * (`train = make_step()`) would not: the runtime reports those when it imports the file.
 */

/** A Python identifier (letters, digits and `_`, not starting with a digit; Unicode letters count). */
export const PYTHON_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

const TOP_LEVEL_DEF = /^(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/gmu;

/** The names of the functions `source` defines at its top level, in order, each once. */
export function topLevelPythonFunctions(source: string): string[] {
    const names = new Set<string>();
    for (const match of source.matchAll(TOP_LEVEL_DEF)) names.add(match[1]!);
    return [...names];
}

/**
 * Paths with a lone UTF-16 surrogate (`"./a\uD800.ts"`, written as the code unit itself): such
 * a string has no UTF-8 form, so no file name holds it, and a URI of it cannot be written
 * (vscode-uri's `toString` throws `URIError: URI malformed`). Paths are checked here before any
 * URI is made of them.
 */

/** The index of the first surrogate in `text` that is not half of a pair, or -1. */
export function loneSurrogateIndex(text: string): number {
    for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        if (unit < 0xd800 || unit > 0xdfff) continue;
        const next = text.charCodeAt(i + 1);
        if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
        else return i;
    }
    return -1;
}

/** Why `path` names no file, if it holds a lone surrogate: `"holds a lone UTF-16 surrogate (\uD800, character 4)…"`. */
export function loneSurrogateProblem(path: string): string | undefined {
    const index = loneSurrogateIndex(path);
    if (index < 0) return undefined;
    return `holds a lone UTF-16 surrogate (${escapeUnit(path.charCodeAt(index))} at character ${index + 1}), which no file name can hold`;
}

/** `text` with each lone surrogate written as its escape (`\uD800`), fit to show in a message. */
export function showingLoneSurrogates(text: string): string {
    let shown = '';
    let rest = text;
    for (let index = loneSurrogateIndex(rest); index >= 0; index = loneSurrogateIndex(rest)) {
        shown += rest.slice(0, index) + escapeUnit(rest.charCodeAt(index));
        rest = rest.slice(index + 1);
    }
    return shown + rest;
}

function escapeUnit(unit: number): string {
    return `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What a step wrote (log messages and fields, error messages, output values) is printed through
 * `visible`, so that it cannot drive the terminal or forge lines of weft's own: C0 controls,
 * DEL, C1 controls (8-bit CSI), Unicode's line separators and bidirectional overrides.
 */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each control character written as its escape (`\x1b`, `\n`, `\u202e`); everything else as is. */
export function visible(text: string): string {
    return text.replace(CONTROL, char => NAMED[char] ?? escaped(char.charCodeAt(0)));
}

function escaped(code: number): string {
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

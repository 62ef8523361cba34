/**
 * How much of a step's logs an attempt may store (docs/runtime.md, "Step logs"). Past either
 * per-attempt limit the rest is dropped and one line says how much; a longer line is cut.
 */
export const LOG_LIMITS = {
    /** The longest line (message) kept, in characters; the rest of it is cut off with a marker. */
    lineChars: 64 * 1024,
    /** The bytes (UTF-8, message and fields) stored per attempt. */
    attemptBytes: 8 * 1024 * 1024,
    /** The lines stored per attempt: each is a row of the run store. */
    attemptLines: 10_000,
} as const;

/**
 * A step's text (a log message, an error message) as the run store can keep it: a NUL as the
 * text `\x00` (SQLite keeps a NUL, but node:sqlite reads text only up to it, losing the rest),
 * cut to `max` characters.
 */
export function storableText(text: string, max: number = LOG_LIMITS.lineChars): string {
    return cutText(String(text).replaceAll('\0', '\\x00'), max);
}

/**
 * `text` cut to at most `max` characters, ending with a marker that says how many were cut
 * (those beyond the cut plus `dropped`, already cut before). Cutting again is a no-op.
 */
export function cutText(text: string, max: number, dropped = 0): string {
    if (text.length <= max && dropped === 0) return text;
    let end = Math.min(text.length, max);
    let marker: string;
    for (;;) {
        // Never keep half of a surrogate pair.
        if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
        marker = ` … [cut: ${text.length - end + dropped} more characters]`;
        if (end + marker.length <= max || end === 0) break;
        end = Math.max(0, max - marker.length);
    }
    return text.slice(0, end) + marker;
}

function isHighSurrogate(code: number): boolean {
    return code >= 0xd800 && code <= 0xdbff;
}

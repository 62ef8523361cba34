/**
 * What Z3 itself prints. Its Emscripten module writes to the process's stdout and stderr (from
 * the main thread and from its worker threads), which would corrupt `weft check --format json`
 * and the language server's stdio. The engine routes every line here instead: the last few are
 * kept for diagnosis, and nothing reaches the process's streams.
 */

const kept = 50;
const lines: string[] = [];

/** Takes what Z3 printed (Emscripten's `print` and `printErr` hooks). */
export function recordZ3Output(...parts: unknown[]): void {
    lines.push(parts.map(String).join(' '));
    if (lines.length > kept) lines.splice(0, lines.length - kept);
}

/** The last lines Z3 printed, oldest first. */
export function recentZ3Output(): readonly string[] {
    return [...lines];
}

/**
 * Where to start and end lexing to find the tokens around `offset`: from the start of the line
 * `linesBefore` lines up to the end of the cursor's line (or of a block comment open there). Langium's completion lexes the whole
 * document for this on every request (128,000 tokens in a 1,000-step file); a string never
 * spans lines, so a line start is a token boundary unless a block comment is open there, and
 * then (or at the very start) the whole text is used.
 */
export function tokenWindow(text: string, offset: number, linesBefore = 30): { start: number; end: number } {
    let start = text.lastIndexOf('\n', offset - 1) + 1;
    for (let line = 0; line < linesBefore && start > 0; line++) start = text.lastIndexOf('\n', start - 2) + 1;
    const lineEnd = text.indexOf('\n', offset);
    let end = lineEnd < 0 ? text.length : lineEnd;
    // A block comment that opens before the end and closes after it must not be cut.
    const lastOpened = text.lastIndexOf('/*', end);
    const closed = lastOpened < 0 ? -1 : text.indexOf('*/', lastOpened + 2);
    if (lastOpened >= 0 && closed + 2 > end) end = closed < 0 ? text.length : closed + 2;
    if (start <= 0) return { start: 0, end };
    const opened = text.lastIndexOf('/*', start);
    if (opened >= 0 && text.lastIndexOf('*/', start) < opened) return { start: 0, end };
    return { start, end };
}

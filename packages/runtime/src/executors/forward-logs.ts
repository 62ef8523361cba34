import type { StepLogger } from '../contract/step-context.js';
import { cutText, LOG_LIMITS } from '../store/log-limits.js';

/** What log forwarding needs of a stream; structural, so the package's types need no Node typings. */
export interface TextStream {
    setEncoding?(encoding: 'utf8'): unknown;
    on(event: 'data', listener: (chunk: string) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
}

/** The plain stderr lines kept for a crash message, and how much of each. */
const TAIL_LINES = 20;
const TAIL_LINE_CHARS = 1000;

/**
 * Feeds the worker's output streams to the step logger: JSON log lines (from `ctx.logger`)
 * keep their level and fields; other stdout lines are `info`, other stderr lines `warn`.
 * Linear in the input: each chunk is scanned once, and of a line longer than
 * `LOG_LIMITS.lineChars` only that much is kept (the rest counted, then cut with a marker).
 * Returns the last plain stderr lines, for a crash message.
 */
export function forwardLogs(stream: TextStream, logger: StepLogger, plainLevel: 'info' | 'warn'): { tail: () => string } {
    const tail: string[] = [];
    let kept = '';
    let cut = 0;
    const line = (text: string, dropped: number): void => {
        if (dropped === 0 && text.trim() === '') return;
        if (dropped === 0 && text.startsWith('{"weftLog":')) {
            try {
                const entry = JSON.parse(text) as { weftLog: unknown; message: string; fields?: Record<string, unknown> };
                // Only the four levels: `{"weftLog":"constructor"}` must not reach another property.
                if (isLevel(entry.weftLog)) {
                    logger[entry.weftLog](entry.message, entry.fields);
                    return;
                }
            } catch { /* not ours after all: log it as text */ }
        }
        logger[plainLevel](cutText(text, LOG_LIMITS.lineChars, dropped));
        if (plainLevel === 'warn') { tail.push(cutText(text, TAIL_LINE_CHARS, dropped)); if (tail.length > TAIL_LINES) tail.shift(); }
    };
    const add = (part: string): void => {
        const room = LOG_LIMITS.lineChars - kept.length;
        if (part.length <= room) kept += part;
        else { kept += part.slice(0, room); cut += part.length - room; }
    };
    const end = (): void => {
        const text = kept;
        const dropped = cut;
        kept = '';
        cut = 0;
        line(text, dropped);
    };
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: string) => {
        let start = 0;
        for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
            // The common case, a whole short line in this chunk, goes straight to `line`.
            if (kept === '' && cut === 0 && newline - start <= LOG_LIMITS.lineChars) line(chunk.slice(start, newline), 0);
            else {
                add(chunk.slice(start, newline));
                end();
            }
            start = newline + 1;
        }
        add(chunk.slice(start));
    });
    stream.on('end', end);
    return { tail: () => tail.join('\n') };
}

function isLevel(level: unknown): level is 'debug' | 'info' | 'warn' | 'error' {
    return level === 'debug' || level === 'info' || level === 'warn' || level === 'error';
}

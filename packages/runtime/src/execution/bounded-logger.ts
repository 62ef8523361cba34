import type { StepLogger } from '../contract/step-context.js';
import { cutText, LOG_LIMITS, storableText } from '../store/log-limits.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Where the bounded logger's lines go: fields already as JSON can hold them. */
export type LogSink = (level: Level, message: string, fields?: Record<string, unknown>) => void;

/** A step logger that also says, once the attempt is over, what it did not store. */
export interface BoundedLogger extends StepLogger {
    /** Writes the one line saying how much was dropped, if anything was. */
    finish(): void;
}

/**
 * Passes one attempt's log lines to `sink` within `LOG_LIMITS`: a NUL in a message becomes the
 * text `\x00`, a message longer than `lineChars` is cut with a marker, fields whose JSON is
 * longer are replaced by a note, and once `attemptLines` lines or `attemptBytes` bytes are stored
 * the rest is dropped and counted.
 */
export function boundedLogger(sink: LogSink, limits: typeof LOG_LIMITS = LOG_LIMITS): BoundedLogger {
    let lines = 0;
    let bytes = 0;
    let droppedLines = 0;
    let droppedBytes = 0;
    let finished = false;
    const drop = (message: string, fields?: Readonly<Record<string, unknown>>): void => {
        droppedLines++;
        droppedBytes += Buffer.byteLength(String(message)) + (fields === undefined ? 0 : Buffer.byteLength(fieldsJson(fields, Infinity)));
    };
    const write = (level: Level) => (message: string, fields?: Readonly<Record<string, unknown>>): void => {
        // Once full, a line costs only its count: a flood must not cost the host more per line.
        if (droppedLines > 0 || lines >= limits.attemptLines) return drop(message, fields);
        const text = storableText(message, limits.lineChars);
        const json = fields === undefined ? undefined : fieldsJson(fields, limits.lineChars);
        const size = Buffer.byteLength(text) + (json === undefined ? 0 : Buffer.byteLength(json));
        if (bytes + size > limits.attemptBytes) return drop(message, fields);
        lines++;
        bytes += size;
        sink(level, text, json === undefined ? undefined : JSON.parse(json) as Record<string, unknown>);
    };
    return {
        debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'),
        finish() {
            if (finished || droppedLines === 0) return;
            finished = true;
            sink('warn', `log limit reached: ${droppedLines} more ${droppedLines === 1 ? 'line' : 'lines'} (${droppedBytes} bytes) of this attempt were dropped `
                + `(at most ${limits.attemptLines} lines and ${limits.attemptBytes} bytes are stored per attempt)`, { droppedLines, droppedBytes });
        },
    };
}

/** Fields as JSON can hold them (a bigint or a cycle must not lose the log line), or a note when that JSON is too long to store. */
function fieldsJson(fields: Readonly<Record<string, unknown>>, maxChars: number): string {
    let json: string | undefined;
    try {
        json = JSON.stringify(fields, (_key, value: unknown) => typeof value === 'bigint' ? value.toString() : value);
    } catch {
        json = undefined;
    }
    if (json === undefined || !json.startsWith('{')) return JSON.stringify({ unserializable: cutText(String(fields), maxChars) });
    if (json.length > maxChars) return JSON.stringify({ cut: `fields of ${json.length} characters were dropped (at most ${maxChars} are stored)` });
    return json;
}

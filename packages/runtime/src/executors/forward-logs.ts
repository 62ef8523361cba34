import type { StepLogger } from '../contract/step-context.js';

/** What log forwarding needs of a stream; structural, so the package's types need no Node typings. */
export interface TextStream {
    setEncoding?(encoding: 'utf8'): unknown;
    on(event: 'data', listener: (chunk: string) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
}

/**
 * Feeds the worker's output streams to the step logger: JSON log lines (from `ctx.logger`)
 * keep their level and fields; other stdout lines are `info`, other stderr lines `warn`.
 * Returns the last plain stderr lines, for a crash message.
 */
export function forwardLogs(stream: TextStream, logger: StepLogger, plainLevel: 'info' | 'warn'): { tail: () => string } {
    const tail: string[] = [];
    let pending = '';
    const line = (text: string): void => {
        if (text.trim() === '') return;
        if (text.startsWith('{"weftLog":')) {
            try {
                const entry = JSON.parse(text) as { weftLog: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };
                logger[entry.weftLog](entry.message, entry.fields);
                return;
            } catch { /* not ours after all: log it as text */ }
        }
        logger[plainLevel](text);
        if (plainLevel === 'warn') { tail.push(text); if (tail.length > 20) tail.shift(); }
    };
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(line);
    });
    stream.on('end', () => { line(pending); pending = ''; });
    return { tail: () => tail.join('\n') };
}

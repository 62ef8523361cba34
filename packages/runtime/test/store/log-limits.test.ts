// The per-attempt log limits: lines cut, fields replaced, the rest of a flood dropped and counted,
// and the worker's streams split in linear time (real streams, no sandbox: sandbox-logs.test.ts).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StepLogger } from '../../src/contract/step-context.js';
import { boundedLogger } from '../../src/execution/bounded-logger.js';
import { cutText, LOG_LIMITS } from '../../src/store/log-limits.js';
import { forwardLogs } from '../../src/executors/forward-logs.js';

interface Stored { readonly level: string; readonly message: string; readonly fields?: Record<string, unknown> }

function sink(): { stored: Stored[]; write: (level: string, message: string, fields?: Record<string, unknown>) => void } {
    const stored: Stored[] = [];
    return { stored, write: (level, message, fields) => stored.push({ level, message, ...(fields === undefined ? {} : { fields }) }) };
}

/** Feeds `chunks` through a real stream into forwardLogs; resolves with what the logger got and the stderr tail. */
async function forwarded(chunks: Iterable<string>, level: 'info' | 'warn' = 'info'): Promise<{ lines: Stored[]; tail: string }> {
    const lines: Stored[] = [];
    const write = (name: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => lines.push({ level: name, message, ...(fields ? { fields: { ...fields } } : {}) });
    const logger: StepLogger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
    const stream = Readable.from(chunks, { objectMode: false });
    const forwarding = forwardLogs(stream, logger, level);
    await new Promise(resolve => stream.on('end', resolve));
    return { lines, tail: forwarding.tail() };
}

describe('cutText', () => {
    it('keeps a short text, cuts a long one to the maximum with a marker, and cutting again changes nothing', () => {
        expect(cutText('short', 10)).toBe('short');
        const cut = cutText('y'.repeat(100), 50);
        expect(cut).toBe(`${'y'.repeat(22)} … [cut: 78 more characters]`);
        expect(cut.length).toBe(50);
        expect(cutText(cut, 50)).toBe(cut);
        expect(cutText('abc', 40, 1000)).toBe('abc … [cut: 1000 more characters]');
    });

    it('never keeps half of a surrogate pair', () => {
        const cut = cutText(`${'a'.repeat(19)}😀${'b'.repeat(30)}`, 48);
        expect(cut).toBe(`${'a'.repeat(19)} … [cut: 32 more characters]`);
    });
});

describe('boundedLogger', () => {
    it('cuts a long message and replaces fields whose JSON is too long', () => {
        const { stored, write } = sink();
        const logger = boundedLogger(write, { lineChars: 40, attemptBytes: 1000, attemptLines: 10 });
        logger.info('z'.repeat(100), { big: 'q'.repeat(100) });
        logger.warn('ok', { count: 3n, nested: { a: 1 } });
        logger.finish();
        expect(stored).toEqual([
            { level: 'info', message: `${'z'.repeat(12)} … [cut: 88 more characters]`, fields: { cut: 'fields of 110 characters were dropped (at most 40 are stored)' } },
            { level: 'warn', message: 'ok', fields: { count: '3', nested: { a: 1 } } },
        ]);
    });

    it('stores a NUL in a message as the text \\x00, so that nothing after it is lost when the store reads it back', () => {
        const { stored, write } = sink();
        boundedLogger(write).info('before\0after', { also: 'a\0b' });
        expect(stored).toEqual([{ level: 'info', message: 'before\\x00after', fields: { also: 'a\0b' } }]);
    });

    it('keeps a line with fields that JSON cannot hold', () => {
        const { stored, write } = sink();
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        boundedLogger(write).error('cycle', cyclic);
        expect(stored).toEqual([{ level: 'error', message: 'cycle', fields: { unserializable: '[object Object]' } }]);
    });

    it('stores at most attemptLines lines, then one line says how many were dropped', () => {
        const { stored, write } = sink();
        const logger = boundedLogger(write, { lineChars: 100, attemptBytes: 1_000_000, attemptLines: 3 });
        for (let index = 0; index < 10; index++) logger.info(`line ${index}`);
        logger.finish();
        logger.finish();
        expect(stored.map(line => line.message)).toEqual([
            'line 0', 'line 1', 'line 2',
            'log limit reached: 7 more lines (42 bytes) of this attempt were dropped (at most 3 lines and 1000000 bytes are stored per attempt)',
        ]);
        expect(stored.at(-1)).toMatchObject({ level: 'warn', fields: { droppedLines: 7, droppedBytes: 42 } });
    });

    it('stores at most attemptBytes bytes (UTF-8, message and fields); once full, later small lines are dropped too', () => {
        const { stored, write } = sink();
        const logger = boundedLogger(write, { lineChars: 100, attemptBytes: 20, attemptLines: 100 });
        logger.info('ééééé'); // 10 bytes
        logger.info('12345', { a: 1 }); // 5 + 7 bytes: past 20
        logger.info('x');
        logger.finish();
        expect(stored.map(line => line.message)).toEqual([
            'ééééé',
            'log limit reached: 2 more lines (13 bytes) of this attempt were dropped (at most 100 lines and 20 bytes are stored per attempt)',
        ]);
    });

    it('writes nothing at the end when nothing was dropped', () => {
        const { stored, write } = sink();
        const logger = boundedLogger(write);
        logger.info('only');
        logger.finish();
        expect(stored).toEqual([{ level: 'info', message: 'only' }]);
    });
});

describe('forwardLogs', () => {
    it('splits lines across chunks, keeps JSON log lines, and forwards the last line without a newline', async () => {
        const { lines } = await forwarded(['one\ntw', 'o\n{"weftLog":"warn","mes', 'sage":"careful","fields":{"n":1}}\n\n  \nlast']);
        expect(lines).toEqual([
            { level: 'info', message: 'one' },
            { level: 'info', message: 'two' },
            { level: 'warn', message: 'careful', fields: { n: 1 } },
            { level: 'info', message: 'last' },
        ]);
    });

    it('logs a JSON line with another level, or one that is not JSON after all, as text', async () => {
        const { lines } = await forwarded(['{"weftLog":"constructor","message":"x"}\n{"weftLog":"__proto__","message":"y"}\n{"weftLog":"info","mess\n']);
        expect(lines).toEqual([
            { level: 'info', message: '{"weftLog":"constructor","message":"x"}' },
            { level: 'info', message: '{"weftLog":"__proto__","message":"y"}' },
            { level: 'info', message: '{"weftLog":"info","mess' },
        ]);
    });

    it('handles 64 MiB without a line break in linear time and memory: one line, cut', async () => {
        const chunk = 'x'.repeat(64 * 1024);
        const started = performance.now();
        const { lines } = await forwarded((function* () { for (let index = 0; index < 1024; index++) yield chunk; })());
        const took = performance.now() - started;
        expect(lines).toHaveLength(1);
        const message = lines[0]!.message;
        const kept = message.indexOf(' … [cut: ');
        expect(message.length).toBe(LOG_LIMITS.lineChars);
        expect(message.slice(kept)).toBe(` … [cut: ${64 * 1024 * 1024 - kept} more characters]`);
        console.log(`forwardLogs, 64 MiB without a line break: ${took.toFixed(0)} ms`);
        // Before: 36 s and 0.97 GB (each chunk re-joined and re-split the whole pending line).
        expect(took).toBeLessThan(5_000);
    }, 20_000);

    it('costs little per line once the attempt is full: 16 MiB of short lines, 10,000 stored', async () => {
        const stored: string[] = [];
        const logger = boundedLogger((_level, message) => stored.push(message));
        const chunk = 'ab\n'.repeat(21_845);
        const cpu = process.cpuUsage();
        const stream = Readable.from((function* () { for (let index = 0; index < 256; index++) yield chunk; })(), { objectMode: false });
        forwardLogs(stream, logger, 'info');
        await new Promise(resolve => stream.on('end', resolve));
        logger.finish();
        const cpuMs = process.cpuUsage(cpu).user / 1000;
        expect(stored).toHaveLength(LOG_LIMITS.attemptLines + 1);
        expect(stored.at(-1)).toMatch(new RegExp(`^log limit reached: ${256 * 21_845 - LOG_LIMITS.attemptLines} more lines \\(${2 * (256 * 21_845 - LOG_LIMITS.attemptLines)} bytes\\)`));
        console.log(`forwardLogs and boundedLogger, ${256 * 21_845} short lines: ${cpuMs.toFixed(0)} ms of CPU`);
        expect(cpuMs).toBeLessThan(5_000);
    }, 30_000);

    it('quotes at most the last 20 stderr lines of 1,000 characters each for a crash message', async () => {
        const { tail } = await forwarded([Array.from({ length: 25 }, (_, index) => `${index}:${'e'.repeat(2000)}`).join('\n')], 'warn');
        const kept = tail.split('\n');
        expect(kept).toHaveLength(20);
        expect(kept[0]!.startsWith('5:eee')).toBe(true);
        expect(kept.every(line => line.length <= 1000 && line.endsWith('more characters]'))).toBe(true);
    });
});

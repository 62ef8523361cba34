import { describe, expect, test } from 'vitest';
import { progressOn } from '../src/progress.js';

function recordingStream(isTTY: boolean) {
    const written: string[] = [];
    return { stream: { isTTY, write: (text: string) => void written.push(text) }, written };
}

describe('progressOn', () => {
    test('redraws one line on a terminal and clears it when done', () => {
        const { stream, written } = recordingStream(true);
        const progress = progressOn(stream, true);
        progress.update('checking…');
        progress.update('checking 200 files…');
        progress.done();
        expect(written).toEqual(['\r\x1b[Kchecking…', '\r\x1b[Kchecking 200 files…', '\r\x1b[K']);
    });

    test('writes nothing to a pipe', () => {
        const { stream, written } = recordingStream(false);
        const progress = progressOn(stream, true);
        progress.update('checking…');
        progress.done();
        expect(written).toEqual([]);
    });

    test('writes nothing when disabled (e.g. --quiet)', () => {
        const { stream, written } = recordingStream(true);
        const progress = progressOn(stream, false);
        progress.update('checking…');
        progress.done();
        expect(written).toEqual([]);
    });

    test('clears nothing when nothing was shown', () => {
        const { stream, written } = recordingStream(true);
        progressOn(stream, true).done();
        expect(written).toEqual([]);
    });
});

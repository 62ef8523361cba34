import type { OutputStream } from './io.js';

/** A single status line for long work, redrawn in place. */
export interface Progress {
    update(text: string): void;
    /** Removes the line, so that what follows starts on a clean line. */
    done(): void;
}

/** Progress on a terminal; nothing at all elsewhere (pipes and logs get no control characters). */
export function progressOn(stream: OutputStream, enabled: boolean): Progress {
    if (!enabled || !stream.isTTY) {
        return { update: () => undefined, done: () => undefined };
    }
    let shown = false;
    return {
        update(text) {
            stream.write(`\r\x1b[K${text}`);
            shown = true;
        },
        done() {
            if (shown) stream.write('\r\x1b[K');
            shown = false;
        },
    };
}

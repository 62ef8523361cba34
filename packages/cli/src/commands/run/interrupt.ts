/**
 * Aborts on the first Ctrl-C (SIGINT) or SIGTERM, so the run cancels cleanly; the handler is
 * removed then, so a second Ctrl-C ends the process at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    const stop = (): void => {
        dispose();
        controller.abort(new Error('interrupted'));
    };
    const dispose = (): void => {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return { signal: controller.signal, dispose };
}

/**
 * Listeners of one signal, added and removed at O(1) each: an `AbortSignal`'s own
 * `addEventListener`/`removeEventListener` walk every listener already there, which makes a
 * fan-out of n elements in flight cost O(n²). The run's attempts listen to the run's signal here.
 */
export class AbortListeners {
    private readonly listeners = new Set<() => void>();

    constructor(private readonly signal: AbortSignal) {
        signal.addEventListener('abort', () => {
            const listeners = [...this.listeners];
            this.listeners.clear();
            for (const listener of listeners) listener();
        }, { once: true });
    }

    /** Calls `listener` once when the signal aborts (at once if it has); returns what removes it. */
    add(listener: () => void): () => void {
        if (this.signal.aborted) {
            listener();
            return () => undefined;
        }
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}

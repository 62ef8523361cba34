/**
 * Asks a live run to pause or resume (`weft pause`/`weft resume` reach it through a signal).
 * Paused: no new task starts and attempts in flight are frozen by their executor; resumed:
 * they thaw and scheduling goes on. The engine subscribes while it runs.
 */
export class RunControl {
    private state: 'running' | 'paused' = 'running';
    private readonly listeners = new Set<(paused: boolean) => void>();

    get paused(): boolean {
        return this.state === 'paused';
    }

    pause(): void {
        this.set('paused');
    }

    resume(): void {
        this.set('running');
    }

    /** Calls `listener` on every change; returns the unsubscribe. */
    subscribe(listener: (paused: boolean) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private set(state: 'running' | 'paused'): void {
        if (this.state === state) return;
        this.state = state;
        for (const listener of this.listeners) listener(this.paused);
    }
}

/**
 * The longest delay one Node timer holds (2^31 − 1 ms, about 24.8 days): a longer one fires
 * after 1 ms with a `TimeoutOverflowWarning`, so `timeout: 30d` would end an attempt at once.
 */
export const maxTimerDelayMs = 2 ** 31 - 1;

/** A pending {@link setLongTimeout}; `clear` is safe to call at any time, more than once. */
export interface LongTimer {
    clear(): void;
}

/**
 * Calls `callback` once `delayMs` has passed, however long that is: a delay past what one Node
 * timer holds is waited out as a chain of timers, each at most {@link maxTimerDelayMs}.
 */
export function setLongTimeout(callback: () => void, delayMs: number): LongTimer {
    let remaining = Math.max(0, delayMs);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = (): void => {
        const step = Math.min(remaining, maxTimerDelayMs);
        remaining -= step;
        timer = setTimeout(() => {
            if (remaining > 0) wait();
            else {
                timer = undefined;
                callback();
            }
        }, step);
    };
    wait();
    return {
        clear(): void {
            clearTimeout(timer);
            timer = undefined;
        },
    };
}

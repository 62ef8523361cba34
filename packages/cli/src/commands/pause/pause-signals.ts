import { RunControl } from '@weft/runtime';

/**
 * A run control driven by signals: SIGTSTP (`weft pause`, or Ctrl-Z) pauses the run, SIGCONT
 * (`weft resume`, or `fg`) resumes it. Handling SIGTSTP keeps the process itself from stopping.
 */
export function pauseSignals(): { control: RunControl; dispose(): void } {
    const control = new RunControl();
    const pause = (): void => control.pause();
    const resume = (): void => control.resume();
    process.on('SIGTSTP', pause);
    process.on('SIGCONT', resume);
    return {
        control,
        dispose: () => {
            process.removeListener('SIGTSTP', pause);
            process.removeListener('SIGCONT', resume);
        },
    };
}

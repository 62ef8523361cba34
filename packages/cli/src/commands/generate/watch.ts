import { watch } from 'node:fs';
import * as path from 'node:path';

/**
 * Calls `onChange` (debounced) whenever a `.weft` file under `folders` changes, until `signal`
 * aborts. Runs are never concurrent: a change during a run schedules one more run.
 */
export async function watchWeftFiles(folders: readonly string[], onChange: () => Promise<void>, signal: AbortSignal, debounceMs = 100): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    const run = (): void => {
        if (running) {
            again = true;
            return;
        }
        running = onChange().finally(() => {
            running = undefined;
            if (again) {
                again = false;
                run();
            }
        });
    };
    const watchers = folders.map(folder => watch(folder, { recursive: true, signal }, (_event, file) => {
        if (file === null || !file.toString().endsWith('.weft') || file.toString().split(path.sep).includes('node_modules')) return;
        clearTimeout(timer);
        timer = setTimeout(run, debounceMs);
    }));
    await new Promise<void>(resolve => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
    });
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    await running;
}

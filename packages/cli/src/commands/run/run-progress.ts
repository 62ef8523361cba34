import type { TaskChange, TaskRecord, TaskState } from '@weft/runtime';
import type { Colors } from '../../colors.js';
import type { OutputStream } from '../../io.js';
import { visible } from '../../visible-text.js';
import type { StoreObserver } from './observe-store.js';

interface TaskView {
    readonly id: string;
    readonly parent?: string;
    state: TaskState;
    attempts: number;
    startedAt?: number;
    endedAt?: number;
}

const done: ReadonlySet<string> = new Set(['completed', 'cached', 'skipped', 'cancelled']);

/**
 * Shows a run as it goes. On a terminal, one line per task (its state and time; a bar for a
 * fan-out), redrawn in place; elsewhere, one plain line per task that starts or ends.
 */
export class RunProgress implements StoreObserver {
    private readonly tasks = new Map<string, TaskView>();
    private drawnLines = 0;
    private finished = false;
    private timer: NodeJS.Timeout | undefined;
    private readonly startedAt = Date.now();

    constructor(private readonly stream: OutputStream, private readonly colors: Colors) {}

    get live(): boolean {
        return this.stream.isTTY;
    }

    onTask(task: TaskRecord): void {
        const parent = task.index === undefined ? undefined : task.node;
        this.tasks.set(task.id, { id: task.id, state: task.state, attempts: task.attempts, ...(parent === undefined ? {} : { parent }) });
        this.changed();
    }

    onTransition(change: TaskChange): void {
        const task = this.tasks.get(change.taskId) ?? { id: change.taskId, state: change.from, attempts: 0 };
        this.tasks.set(task.id, task);
        task.state = change.to;
        if (change.attempts !== undefined) task.attempts = change.attempts;
        if (change.to === 'running' && task.startedAt === undefined) task.startedAt = change.at;
        if (done.has(change.to) || (change.to === 'failed' && change.failedForGood)) task.endedAt = change.at;
        if (!this.live) this.plainLine(task, change);
        this.changed();
    }

    /** Draws the final picture (once) and stops redrawing. */
    finish(): void {
        clearTimeout(this.timer);
        this.timer = undefined;
        if (this.live && !this.finished) this.draw();
        this.finished = true;
    }

    private plainLine(task: TaskView, change: TaskChange): void {
        // `pausing → allocating`: placed again with more memory after running out (its reason says how much).
        const shown = change.to === 'running' || done.has(change.to) || change.to === 'failed' || (change.from === 'pausing' && change.to === 'allocating');
        if (!shown || (task.parent !== undefined && change.to === 'running')) return;
        const attempt = change.to === 'running' && task.attempts > 1 ? ` (attempt ${task.attempts})` : '';
        const reason = change.to !== 'running' && change.to !== 'completed' && change.reason ? `: ${visible(change.reason)}` : '';
        this.stream.write(`${seconds(change.at - this.startedAt).padStart(7)}  ${task.id}  ${change.to}${attempt}${reason}\n`);
    }

    private changed(): void {
        if (!this.live || this.timer || this.finished) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            this.draw();
        }, 80);
    }

    private draw(): void {
        const lines = [...this.tasks.values()].filter(task => task.parent === undefined).map(task => this.line(task));
        const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
        this.stream.write(`${up}\r\x1b[J${lines.join('\n')}\n`);
        this.drawnLines = lines.length;
    }

    private line(task: TaskView): string {
        const { colors } = this;
        const paint = task.state === 'completed' || task.state === 'cached' ? colors.green
            : task.state === 'failed' || task.state === 'cancelled' ? colors.red
                : task.state === 'running' ? colors.cyan : colors.dim;
        const elements = [...this.tasks.values()].filter(candidate => candidate.parent === task.id);
        const time = task.startedAt === undefined ? '' : colors.dim(seconds((task.endedAt ?? Date.now()) - task.startedAt));
        const bar = elements.length === 0 ? '' : ` ${progressBar(elements.filter(element => done.has(element.state) || element.state === 'failed').length, elements.length)}`;
        return `  ${task.id.padEnd(16)} ${paint(task.state.padEnd(10))}${bar} ${time}`.trimEnd();
    }
}

function progressBar(finished: number, total: number, width = 20): string {
    const filled = Math.round((finished / total) * width);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total}`;
}

export function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(1)}s`;
}

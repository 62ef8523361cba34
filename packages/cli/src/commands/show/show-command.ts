import { Command } from 'commander';
import { decodeValue, formatBytes } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { outputLines } from '../run/format-values.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { seconds } from '../run/run-progress.js';

/** `weft show <run>`: the run's tasks (state, attempts, duration, memory of each attempt, cache result) and outputs. */
export function showCommand(io: CliIo): Command {
    return new Command('show')
        .description('show a run: its tasks with state, attempts, duration, memory and cache result, then its outputs')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .action((id: string) => {
            const store = openStore(projectAt(io.cwd));
            try {
                const run = findRun(store, id);
                const took = run.finishedAt === undefined ? '' : ` in ${seconds(run.finishedAt - run.createdAt)}`;
                io.stdout.write(`run ${run.id}: ${run.pipeline} ${run.status}${took}\n`);
                const cache = new Map(store.events(run.id).filter(event => event.fields?.['cache'] !== undefined).map(event => [event.taskId, String(event.fields!['cache'])]));
                const attempts = store.attempts(run.id);
                const rows = store.tasks(run.id).map(task => {
                    const own = attempts.filter(attempt => attempt.taskId === task.id);
                    const ran = own.reduce((total, attempt) => total + ((attempt.finishedAt ?? Date.now()) - attempt.startedAt), 0);
                    // Each attempt's memory, in order: a step placed again after running out shows `128 MiB → 256 MiB`.
                    const memory = own.flatMap(attempt => attempt.memory === undefined ? [] : [formatBytes(attempt.memory)]).join(' → ') || '-';
                    return [task.id, task.state, String(task.attempts), own.length === 0 ? '-' : seconds(ran), memory, cache.get(task.id) ?? '-', visible(task.failure?.message ?? '')];
                });
                const header = ['task', 'state', 'attempts', 'time', 'memory', 'cache', ''];
                const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
                for (const row of [header, ...rows]) io.stdout.write(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
                // Why a run failed before any task (a declared sha256 that does not match its file).
                for (const event of store.events(run.id)) if (event.taskId === undefined && event.level === 'error') io.stdout.write(`  ${visible(event.message)}\n`);
                if (run.outputs) io.stdout.write(`outputs:\n${outputLines(decodeValue(run.outputs) as Record<string, unknown>)}`);
            } finally {
                store.close();
            }
        });
}

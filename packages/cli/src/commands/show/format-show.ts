import { decodeValue, formatBytes } from '@weft/runtime';
import { visible } from '../../visible-text.js';
import { outputLines } from '../run/format-values.js';
import { seconds } from '../run/run-progress.js';
import { errorLines, failureSummary, logLine } from './format-failure.js';
import { attemptJson, eventJson, runJson, transitionJson } from './run-report.js';
import type { RunView, TaskView } from './show.js';

/** A run as one JSON object: the run, its tasks, the errors that failed it before any task, its outputs. */
export function formatRunJson(view: RunView): string {
    const tasks = view.tasks.map(({ task, milliseconds, memory, cache, lastLogs }) => ({
        id: task.id, node: task.node, state: task.state, attempts: task.attempts,
        timeMs: milliseconds ?? null, memory: memory.map(bytes => bytes ?? null),
        cache: cache ?? null, failure: task.failure ?? null,
        ...(lastLogs === undefined ? {} : { lastLogs: lastLogs.map(eventJson) }),
    }));
    return `${JSON.stringify({ run: runJson(view.run), tasks, errors: view.errors, outputs: view.run.outputs ?? null })}\n`;
}

/** A run as text: a table of its tasks, each failed one with its error, stack and last log lines, then its outputs. */
export function formatRunText(view: RunView): string {
    const { run } = view;
    const took = run.finishedAt === undefined ? '' : ` in ${seconds(run.finishedAt - run.createdAt)}`;
    let text = `run ${run.id}: ${run.pipeline} ${run.status}${took}\n`;
    const rows = view.tasks.map(({ task, milliseconds, memory, cache }) => {
        // Each attempt's memory, in order: a step placed again after running out shows `128 MiB → 256 MiB`.
        const memories = memory.flatMap(bytes => bytes === undefined ? [] : [formatBytes(bytes)]).join(' → ') || '-';
        return [visible(task.id), task.state, String(task.attempts), milliseconds === undefined ? '-' : seconds(milliseconds), memories, cache ?? '-', visible(task.failure?.message ?? '')];
    });
    const header = ['task', 'state', 'attempts', 'time', 'memory', 'cache', ''];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
    for (const row of [header, ...rows]) text += `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`;
    for (const message of view.errors) text += `  ${visible(message)}\n`;
    const failed = view.tasks.filter(summary => summary.lastLogs !== undefined && summary.task.failure !== undefined);
    if (failed.length > 0) {
        text += 'failed:\n';
        for (const { task, lastLogs } of failed) {
            const failure = task.failure!;
            const summary = failureSummary(failure);
            text += `  ${visible(task.id)} (step ${visible(failure.step)}) after ${failure.attempts} ${failure.attempts === 1 ? 'attempt' : 'attempts'}${summary ? `: ${summary}` : ''}\n`;
            text += errorLines(failure.message, failure, '    ');
            if (lastLogs!.length > 0) {
                text += `    last log lines of attempt ${failure.attempts} (all: weft logs ${run.id.slice(0, 8)} ${visible(task.id)}):\n`;
                for (const event of lastLogs!) text += `      ${logLine(event)}\n`;
            }
        }
    }
    if (run.outputs) text += `outputs:\n${outputLines(decodeValue(run.outputs) as Record<string, unknown>)}`;
    return text;
}

/** One task as one JSON object: the run, and the task with its transitions and attempts. */
export function formatTaskJson(view: TaskView): string {
    const { task } = view;
    return `${JSON.stringify({
        run: runJson(view.run),
        task: {
            id: task.id, node: task.node, state: task.state, attempts: task.attempts, failure: task.failure ?? null,
            transitions: view.transitions.map(transitionJson), history: view.attempts.map(attemptJson),
        },
    })}\n`;
}

/** One task as text: its transitions, then each attempt with its error, stack and last log lines. */
export function formatTaskText(view: TaskView): string {
    const { task } = view;
    let text = `task ${visible(task.id)} of run ${view.run.id}: ${task.state} after ${task.attempts} ${task.attempts === 1 ? 'attempt' : 'attempts'}\n`;
    text += 'transitions:\n';
    for (const change of view.transitions) {
        text += `  ${new Date(change.at).toISOString()} ${change.from} → ${change.to}${change.reason ? `: ${visible(change.reason)}` : ''}\n`;
    }
    for (const report of view.attempts) {
        const { attempt } = report;
        const took = attempt.finishedAt === undefined ? 'running' : `${attempt.status ?? 'ended'} after ${seconds(attempt.finishedAt - attempt.startedAt)}`;
        const summary = report.failure ? failureSummary(report.failure) : '';
        text += `attempt ${attempt.attempt}: ${took}${summary ? ` (${summary})` : ''}\n`;
        if (attempt.message !== undefined && attempt.status !== 'completed') text += errorLines(attempt.message, report.failure, '  ');
        if (report.lastLogs.length > 0) {
            text += '  last log lines:\n';
            for (const event of report.lastLogs) text += `    ${logLine(event)}\n`;
        }
    }
    return text;
}

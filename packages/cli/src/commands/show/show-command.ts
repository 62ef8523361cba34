import { Command, Option } from 'commander';
import { decodeValue, formatBytes, type RunRecord, type RunStore, type TaskRecord } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { outputLines } from '../run/format-values.js';
import { findRun, openStore, projectAt } from '../run/project.js';
import { seconds } from '../run/run-progress.js';
import { errorLines, failureSummary, logLine } from './format-failure.js';
import { attemptJson, attemptReports, eventJson, failedTasks, requireTask, runJson, transitionJson } from './run-report.js';

/**
 * `weft show <run> [task]`: the run's tasks (state, attempts, duration, memory of each attempt, cache result), each failed
 * task with its error, stack and last log lines, then the outputs; or one task's attempts.
 */
export function showCommand(io: CliIo): Command {
    return new Command('show')
        .description('show a run: its tasks with state, attempts, duration, memory and cache result, the failed ones with their error, then its outputs; or one task in detail')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .argument('[task]', "only this task, with each attempt's transitions, error, stack and last log lines")
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object').choices(['text', 'json']).default('text'))
        .action((id: string, taskId: string | undefined, options: { format: 'text' | 'json' }) => {
            const store = openStore(projectAt(io.cwd));
            try {
                const run = findRun(store, id);
                if (taskId !== undefined) showTask(io, store, run, requireTask(store, run, taskId), options.format);
                else showRun(io, store, run, options.format);
            } finally {
                store.close();
            }
        });
}

function showRun(io: CliIo, store: RunStore, run: RunRecord, format: 'text' | 'json'): void {
    const cache = new Map(store.events(run.id).filter(event => event.fields?.['cache'] !== undefined).map(event => [event.taskId, String(event.fields!['cache'])]));
    const attempts = store.attempts(run.id);
    const timeOf = (task: TaskRecord): number | undefined => {
        const own = attempts.filter(attempt => attempt.taskId === task.id);
        return own.length === 0 ? undefined : own.reduce((total, attempt) => total + ((attempt.finishedAt ?? Date.now()) - attempt.startedAt), 0);
    };
    // Why a run failed before any task (a declared sha256 that does not match its file).
    const runErrors = store.events(run.id).filter(event => event.taskId === undefined && event.level === 'error').map(event => event.message);
    const failed = failedTasks(store, run.id);
    if (format === 'json') {
        const tasks = store.tasks(run.id).map(task => ({
            id: task.id, node: task.node, state: task.state, attempts: task.attempts,
            timeMs: timeOf(task) ?? null, memory: attempts.filter(attempt => attempt.taskId === task.id).map(attempt => attempt.memory ?? null),
            cache: cache.get(task.id) ?? null, failure: task.failure ?? null,
            ...(task.failure && task.state === 'failed' ? { lastLogs: lastLogsOf(store, run.id, task).map(event => eventJson(event)) } : {}),
        }));
        io.stdout.write(`${JSON.stringify({ run: runJson(run), tasks, errors: runErrors, outputs: run.outputs ?? null })}\n`);
        return;
    }
    const took = run.finishedAt === undefined ? '' : ` in ${seconds(run.finishedAt - run.createdAt)}`;
    io.stdout.write(`run ${run.id}: ${run.pipeline} ${run.status}${took}\n`);
    const rows = store.tasks(run.id).map(task => {
        const time = timeOf(task);
        // Each attempt's memory, in order: a step placed again after running out shows `128 MiB → 256 MiB`.
        const memory = attempts.filter(attempt => attempt.taskId === task.id).flatMap(attempt => attempt.memory === undefined ? [] : [formatBytes(attempt.memory)]).join(' → ') || '-';
        return [visible(task.id), task.state, String(task.attempts), time === undefined ? '-' : seconds(time), memory, cache.get(task.id) ?? '-', visible(task.failure?.message ?? '')];
    });
    const header = ['task', 'state', 'attempts', 'time', 'memory', 'cache', ''];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]!.length)));
    for (const row of [header, ...rows]) io.stdout.write(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
    for (const message of runErrors) io.stdout.write(`  ${visible(message)}\n`);
    if (failed.length > 0) {
        io.stdout.write('failed:\n');
        for (const task of failed) {
            const { failure } = task;
            const summary = failureSummary(failure);
            io.stdout.write(`  ${visible(task.id)} (step ${visible(failure.step)}) after ${failure.attempts} ${failure.attempts === 1 ? 'attempt' : 'attempts'}${summary ? `: ${summary}` : ''}\n`);
            io.stdout.write(errorLines(failure.message, failure, '    '));
            const logs = lastLogsOf(store, run.id, task);
            if (logs.length > 0) {
                io.stdout.write(`    last log lines of attempt ${failure.attempts} (all: weft logs ${run.id.slice(0, 8)} ${visible(task.id)}):\n`);
                for (const event of logs) io.stdout.write(`      ${logLine(event)}\n`);
            }
        }
    }
    if (run.outputs) io.stdout.write(`outputs:\n${outputLines(decodeValue(run.outputs) as Record<string, unknown>)}`);
}

function showTask(io: CliIo, store: RunStore, run: RunRecord, task: TaskRecord, format: 'text' | 'json'): void {
    const transitions = store.transitions(run.id, task.id);
    const reports = attemptReports(store, run.id, task.id);
    if (format === 'json') {
        io.stdout.write(`${JSON.stringify({
            run: runJson(run),
            task: {
                id: task.id, node: task.node, state: task.state, attempts: task.attempts, failure: task.failure ?? null,
                transitions: transitions.map(transitionJson), history: reports.map(attemptJson),
            },
        })}\n`);
        return;
    }
    io.stdout.write(`task ${visible(task.id)} of run ${run.id}: ${task.state} after ${task.attempts} ${task.attempts === 1 ? 'attempt' : 'attempts'}\n`);
    io.stdout.write('transitions:\n');
    for (const change of transitions) {
        io.stdout.write(`  ${new Date(change.at).toISOString()} ${change.from} → ${change.to}${change.reason ? `: ${visible(change.reason)}` : ''}\n`);
    }
    for (const report of reports) {
        const { attempt } = report;
        const took = attempt.finishedAt === undefined ? 'running' : `${attempt.status ?? 'ended'} after ${seconds(attempt.finishedAt - attempt.startedAt)}`;
        const summary = report.failure ? failureSummary(report.failure) : '';
        io.stdout.write(`attempt ${attempt.attempt}: ${took}${summary ? ` (${summary})` : ''}\n`);
        if (attempt.message !== undefined && attempt.status !== 'completed') io.stdout.write(errorLines(attempt.message, report.failure, '  '));
        if (report.lastLogs.length > 0) {
            io.stdout.write(`  last log lines:\n`);
            for (const event of report.lastLogs) io.stdout.write(`    ${logLine(event)}\n`);
        }
    }
}

/** The last log lines of a failed task's last attempt. */
function lastLogsOf(store: RunStore, runId: string, task: TaskRecord) {
    return attemptReports(store, runId, task.id).find(report => report.attempt.attempt === task.attempts)?.lastLogs ?? [];
}

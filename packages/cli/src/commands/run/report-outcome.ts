import { encodeValue, type RunOutcome, type RunStore } from '@weft/runtime';
import type { CliIo } from '../../io.js';
import { visible } from '../../visible-text.js';
import { outputLines } from './format-values.js';

/** The end of a run: its outputs and id (text), or one JSON object, last on stdout. */
export function reportOutcome(outcome: RunOutcome, format: 'text' | 'json', io: CliIo): void {
    if (format === 'json') {
        io.stdout.write(`${JSON.stringify({ runId: outcome.runId, status: outcome.status, outputs: outcome.outputs ? encodeValue(outcome.outputs) : null })}\n`);
        return;
    }
    for (const failure of outcome.failures) {
        io.stderr.write(`${failure.step} failed after ${failure.attempts} ${failure.attempts === 1 ? 'attempt' : 'attempts'}: ${visible(failure.message)}\n`);
        // Where the step threw, and where the rest is: the whole stack and the step's last log lines.
        const frame = failure.stack?.split('\n')[0];
        if (frame !== undefined) io.stderr.write(`  ${visible(failure.error ?? 'Error')} ${visible(frame)}; its stack and last log lines: weft show ${outcome.runId.slice(0, 8)}\n`);
    }
    if (outcome.outputs) io.stdout.write(`outputs:\n${outputLines(outcome.outputs)}`);
    io.stdout.write(`run ${outcome.runId} ${outcome.status}\n`);
}

/** For `--explain-cache`: per task, the cache's decision, or why it was not asked. */
export function cacheLines(store: RunStore, runId: string): string {
    const decisions = new Map(store.events(runId).filter(event => event.fields?.['cache'] !== undefined && event.taskId !== undefined)
        .map(event => [event.taskId!, event.message.replace(/^cache /, '')]));
    const run = store.run(runId);
    const lines = store.tasks(runId).map(task => {
        const node = run?.plan.nodes.find(candidate => candidate.id === task.node);
        const decision = decisions.get(task.id)
            ?? (node?.settings.cache === undefined ? 'not cached: its step has no cache setting' : `not looked up: the task ended ${task.state} first`);
        return `  ${task.id}: ${decision}\n`;
    });
    return `cache:\n${lines.join('')}`;
}

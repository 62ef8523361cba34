import { KIND_LABELS, type RunEvent } from '@weft/runtime';
import { visible } from '../../visible-text.js';
import type { AttemptFailureFields } from './run-report.js';

/** `error in the step, exit code 1`: what failed, as one phrase. */
export function failureSummary(failure: AttemptFailureFields): string {
    const kind = failure.kind === undefined ? undefined : (KIND_LABELS as Readonly<Record<string, string>>)[failure.kind] ?? failure.kind;
    return [kind, failure.exitCode === undefined ? undefined : `exit code ${failure.exitCode}`].filter(part => part !== undefined).join(', ');
}

/**
 * The error (`TypeError: …`) and its stack, one frame per line, each indented by `indent`.
 * Everything here was written by the step: it is printed through `visible`.
 */
export function errorLines(message: string, failure: AttemptFailureFields | undefined, indent: string): string {
    const name = failure?.error;
    const headline = name === undefined || name === 'Error' || message.startsWith(`${name}:`) ? message : `${name}: ${message}`;
    const frames = failure?.stack?.split('\n') ?? [];
    return [`${indent}${visible(headline)}\n`, ...frames.map(frame => `${indent}  ${visible(frame)}\n`)].join('');
}

/** One log line as `weft logs` prints it: time, task#attempt, level, message, fields. */
export function logLine(event: RunEvent): string {
    const fields = event.fields && Object.keys(event.fields).length > 0 ? ` ${JSON.stringify(event.fields)}` : '';
    const attempt = event.attempt === undefined ? '' : `#${event.attempt}`;
    return `${new Date(event.at).toISOString()} ${visible(event.taskId ?? '-') + attempt} ${event.level} ${visible(event.message)}${visible(fields)}`;
}

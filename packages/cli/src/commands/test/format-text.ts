import type { Colors } from '../../colors.js';
import { visible } from '../../visible-text.js';
import { summaryOf } from './format-json.js';
import type { TestCaseResult, TestReport } from './test-results.js';

/** One test as it ends: `✔ file › suite › name (12 ms)`; a failed one with its message and stack, indented. */
export function formatTestLine(test: TestCaseResult, colors: Colors): string {
    const name = [test.file, ...test.suites, test.name].map(visible).join(' › ');
    const time = colors.dim(`(${test.durationMs} ms)`);
    if (test.status === 'passed') return `${colors.green('✔')} ${name} ${time}\n`;
    if (test.status !== 'failed') return `${colors.yellow('-')} ${name} ${colors.dim(`(${test.status})`)}\n`;
    const detail = (test.failure?.stack ?? test.failure?.message ?? '').split('\n').map(line => `    ${visible(line)}`).join('\n');
    return `${colors.red('✖')} ${name} ${time}\n${detail}\n`;
}

/** `3 tests: 2 passed, 1 failed in 2 files (1.2 s)`. */
export function formatTestSummary(report: TestReport, colors: Colors): string {
    const summary = summaryOf(report);
    const parts = [`${summary.passed} passed`];
    if (summary.failed > 0) parts.push(colors.red(`${summary.failed} failed`));
    if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
    if (summary.todo > 0) parts.push(`${summary.todo} todo`);
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    return `${plural(summary.tests, 'test')}: ${parts.join(', ')} in ${plural(summary.files, 'file')} (${(summary.durationMs / 1000).toFixed(1)} s)\n`;
}

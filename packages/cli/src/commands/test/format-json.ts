import type { TestReport } from './test-results.js';

/** The report as one JSON object: `{ success, summary, files, tests }`, every test with its file, suites, status, time and failure. */
export function formatJson(report: TestReport): string {
    return `${JSON.stringify({ success: !report.tests.some(test => test.status === 'failed'), summary: summaryOf(report), files: report.files, tests: report.tests })}\n`;
}

export interface TestSummary {
    readonly tests: number;
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
    readonly todo: number;
    readonly files: number;
    readonly durationMs: number;
}

export function summaryOf(report: TestReport): TestSummary {
    const count = (status: string) => report.tests.filter(test => test.status === status).length;
    return { tests: report.tests.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), todo: count('todo'), files: report.files.length, durationMs: report.durationMs };
}

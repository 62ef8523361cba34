import type { TestCaseResult, TestReport } from './test-results.js';

/**
 * The report as JUnit XML, as CI servers read it: `<testsuites>` with one `<testsuite>` per test
 * file, one `<testcase>` per test (named with its `describe` blocks, `a › b › test`; `classname`
 * is the file), a failed test with `<failure message type>` holding the stack, a skipped or todo
 * test with `<skipped/>`. Times in seconds.
 */
export function formatJunit(report: TestReport): string {
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="weft test" ${counts(report.tests)} time="${seconds(report.durationMs)}">`];
    for (const file of report.files) {
        const tests = report.tests.filter(test => test.file === file);
        const time = tests.reduce((sum, test) => sum + test.durationMs, 0);
        lines.push(`  <testsuite name="${escape(file)}" ${counts(tests)} time="${seconds(time)}">`);
        for (const test of tests) lines.push(...testcase(test));
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>');
    return `${lines.join('\n')}\n`;
}

function testcase(test: TestCaseResult): string[] {
    const open = `    <testcase name="${escape([...test.suites, test.name].join(' › '))}" classname="${escape(test.file)}" file="${escape(test.file)}" time="${seconds(test.durationMs)}"`;
    if (test.failure) {
        const message = test.failure.message.split('\n')[0]!;
        return [`${open}>`, `      <failure message="${escape(message)}" type="${escape(test.failure.type)}">${escape(test.failure.stack ?? test.failure.message)}</failure>`, '    </testcase>'];
    }
    if (test.status === 'skipped' || test.status === 'todo') return [`${open}>`, `      <skipped message="${test.status}"/>`, '    </testcase>'];
    return [`${open}/>`];
}

function counts(tests: readonly TestCaseResult[]): string {
    const failures = tests.filter(test => test.status === 'failed').length;
    const skipped = tests.filter(test => test.status === 'skipped' || test.status === 'todo').length;
    return `tests="${tests.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

function seconds(milliseconds: number): string {
    return (milliseconds / 1000).toFixed(3);
}

/** Text for an XML attribute or element: the five entities, and the characters XML 1.0 cannot hold dropped (a test may print anything). */
export function escape(text: string): string {
    return text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
        .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

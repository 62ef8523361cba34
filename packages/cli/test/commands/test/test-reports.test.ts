// The results of node:test events and the reports made of them: suites from nesting, todo and
// skipped tests, a file that fails to load, and JUnit XML that holds whatever a test printed.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../src/commands/test/format-json.js';
import { escape, formatJunit } from '../../../src/commands/test/format-junit.js';
import { type TestEvent, TestResults } from '../../../src/commands/test/test-results.js';

const bundle = '/p/.weft/test/a.weft.test.ts.mjs';
const results = () => new TestResults(file => (file === bundle ? '/p/a.weft.test.ts' : undefined), '/p');
const start = (name: string, nesting: number): TestEvent => ({ type: 'test:start', data: { name, nesting, file: bundle } });
const pass = (name: string, nesting: number, extra: Partial<TestEvent['data']> = {}): TestEvent => ({ type: 'test:pass', data: { name, nesting, file: bundle, details: { duration_ms: 1.4, type: 'test' }, ...extra } });

describe('test results from node:test events', () => {
    it('names each test with its describe blocks, and skips the suites themselves', () => {
        const collected = results();
        for (const event of [start('outer', 0), start('inner', 1), start('deep', 2), pass('deep', 2), start('next', 1), pass('next', 1),
            { type: 'test:pass', data: { name: 'outer', nesting: 0, file: bundle, details: { type: 'suite' } } }, start('top', 0), pass('top', 0)]) collected.add(event);
        expect(collected.tests.map(test => [test.file, test.suites, test.name, test.status, test.durationMs])).toEqual([
            ['a.weft.test.ts', ['outer', 'inner'], 'deep', 'passed', 1],
            ['a.weft.test.ts', ['outer'], 'next', 'passed', 1],
            ['a.weft.test.ts', [], 'top', 'passed', 1],
        ]);
    });

    it('tells skipped and todo tests from passed and failed ones, and keeps the thrown error of a failure', () => {
        const collected = results();
        const thrown = Object.assign(new Error('1 !== 2'), { name: 'AssertionError' });
        for (const event of [start('s', 0), pass('s', 0, { skip: true }), start('t', 0), { type: 'test:fail', data: { name: 't', nesting: 0, file: bundle, todo: 'later', details: {} } },
            start('f', 0), { type: 'test:fail', data: { name: 'f', nesting: 0, file: bundle, details: { duration_ms: 3, error: Object.assign(new Error('test failed'), { cause: thrown }) } } }]) collected.add(event);
        expect(collected.tests.map(test => test.status)).toEqual(['skipped', 'todo', 'failed']);
        expect(collected.tests[2]!.failure).toEqual({ message: '1 !== 2', type: 'AssertionError', stack: thrown.stack });
    });

    it('names a file that failed before its tests after the file', () => {
        const collected = results();
        collected.add({ type: 'test:fail', data: { name: bundle, nesting: 0, file: bundle, details: { error: new Error('Cannot find package') } } });
        expect(collected.tests).toMatchObject([{ file: 'a.weft.test.ts', suites: [], name: 'a.weft.test.ts (the file as a whole)', status: 'failed', failure: { message: 'Cannot find package' } }]);
    });
});

describe('the reports', () => {
    const report = {
        files: ['a.weft.test.ts', 'b.weft.test.ts'], durationMs: 1500, tests: [
            { file: 'a.weft.test.ts', suites: ['<s> & "q"'], name: 'prints \u001b[31mred\u0000', status: 'failed' as const, durationMs: 12,
                failure: { message: 'expected <1>\nsecond line', type: 'AssertionError', stack: 'AssertionError: expected <1>\n    at a.weft.test.ts:3:5' } },
            { file: 'a.weft.test.ts', suites: [], name: 'later', status: 'todo' as const, durationMs: 0 },
        ],
    };

    it('JUnit XML parses, keeps names and messages whole, and drops what XML cannot hold', () => {
        const errors: string[] = [];
        const document = new DOMParser({ onError: (level, message) => { errors.push(`${level}: ${message}`); } }).parseFromString(formatJunit(report), 'text/xml');
        expect(errors).toEqual([]);
        const [suiteA, suiteB] = Array.from(document.getElementsByTagName('testsuite'));
        expect(suiteA!.getAttribute('tests')).toBe('2');
        expect(suiteA!.getAttribute('skipped')).toBe('1');
        expect(suiteB!.getAttribute('tests')).toBe('0');
        const [failed] = Array.from(document.getElementsByTagName('testcase'));
        expect(failed!.getAttribute('name')).toBe('<s> & "q" › prints [31mred');
        expect(failed!.getAttribute('time')).toBe('0.012');
        const failure = document.getElementsByTagName('failure')[0]!;
        expect(failure.getAttribute('message')).toBe('expected <1>');
        expect(failure.textContent).toBe('AssertionError: expected <1>\n    at a.weft.test.ts:3:5');
        expect(document.getElementsByTagName('skipped')[0]!.getAttribute('message')).toBe('todo');
        expect(escape('\u0007a\u{1F600}')).toBe('a\u{1F600}');
    });

    it('JSON: success false when a test failed, and a summary that counts each status', () => {
        expect(JSON.parse(formatJson(report))).toMatchObject({
            success: false, summary: { tests: 2, passed: 0, failed: 1, skipped: 0, todo: 1, files: 2, durationMs: 1500 },
        });
    });
});

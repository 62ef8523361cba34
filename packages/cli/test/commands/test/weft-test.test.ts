// `weft test` through the built CLI: a project made by `weft init` passes its own test; failing,
// skipped and crashing tests, the JUnit XML and JSON reports, and the exit codes CI reads.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkedProject, repositoryRoot } from '../../consumer-project.js';
import { expectBuiltCli, runWeft, type WeftRun } from '../../run-weft.js';

beforeAll(() => expectBuiltCli());

/** A project made by `weft init`, whose node_modules has this repository's contract and runtime. */
function initProject(): string {
    const parent = linkedProject('weft-test-');
    symlinkSync(path.join(repositoryRoot, 'packages', 'runtime'), path.join(parent, 'node_modules', '@weft', 'runtime'), 'dir');
    expect(runWeft(['init', 'app'], { cwd: parent }).status).toBe(0);
    return path.join(parent, 'app');
}

function weftTest(project: string, args: readonly string[]): WeftRun {
    return runWeft(['test', ...args], { cwd: project });
}

const HEADER = `import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testPipeline } from '@weft/runtime/testing';
import * as pipeline from './generated/pipeline.js';
`;

/** Two passing tests, one failing, one skipped, in a describe block. */
const MIXED = `${HEADER}
describe('countAll', () => {
    test('counts the sample', async () => {
        const result = await testPipeline(pipeline.countAll, {}, { steps: pipeline, mocks: { countWords: async () => ({ total: 20, counted: 3 }) } });
        assert.equal(result.outputs?.total, 20);
    });
    test('expects another total', async () => {
        const result = await testPipeline(pipeline.countAll, {}, { steps: pipeline, mocks: { countWords: async () => ({ total: 20, counted: 3 }) } });
        assert.equal(result.outputs?.total, 21, 'the total <of> "words"');
    });
    test.skip('is skipped', () => {});
});
`;

describe('weft test on a project made by weft init', () => {
    it('passes the scaffolded test, with no generated/ folder and no build', () => {
        const project = initProject();
        const result = weftTest(project, []);
        expect(result.stderr).toMatch(/^2 tests: 2 passed in 1 file \(\d+\.\d s\)\n$/);
        expect(result.stdout).toMatch(/^✔ pipeline\.weft\.test\.ts › countAll counts the words of the sample \(\d+ ms\)\n✔ pipeline\.weft\.test\.ts › countAll hands minWords to countWords \(mocked: the step never runs\) \(\d+ ms\)\n$/);
        expect(result.status).toBe(0);
        // The contracts came from memory: nothing was written into the project's generated folder.
        expect(existsSync(path.join(project, 'generated'))).toBe(false);
    }, 180_000);
});

describe('weft test reports', () => {
    let project: string;
    beforeAll(() => {
        project = initProject();
        writeFileSync(path.join(project, 'mixed.weft.test.ts'), MIXED);
    });

    it('prints each test, exits with 1 when one failed, and shows where it failed in the TypeScript', () => {
        const result = weftTest(project, ['mixed.weft.test.ts']);
        expect(result.status).toBe(1);
        expect(result.stdout).toMatch(/^✔ mixed\.weft\.test\.ts › countAll › counts the sample \(\d+ ms\)$/m);
        expect(result.stdout).toMatch(/^✖ mixed\.weft\.test\.ts › countAll › expects another total \(\d+ ms\)\n {4}AssertionError \[ERR_ASSERTION\]: the total <of> "words"$/m);
        expect(result.stdout).toMatch(new RegExp(`at .*${path.join(project, 'mixed.weft.test.ts').replaceAll('.', '\\.')}:13:16`));
        expect(result.stdout).toMatch(/^- mixed\.weft\.test\.ts › countAll › is skipped \(skipped\)$/m);
        expect(result.stderr).toMatch(/^3 tests: 1 passed, 1 failed, 1 skipped in 1 file \(\d+\.\d s\)\n$/);
    }, 180_000);

    it('writes JUnit XML: a testsuite per file, a testcase per test, failure with its message, skipped', () => {
        const result = weftTest(project, ['--reporter', 'junit', '--out', 'results.xml', 'mixed.weft.test.ts', 'pipeline.weft.test.ts']);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^5 tests: 3 passed, 1 failed, 1 skipped in 2 files \(\d+\.\d s\)\nwrote results\.xml\n$/);
        const errors: string[] = [];
        const document = new DOMParser({ onError: (level, message) => { errors.push(`${level}: ${message}`); } })
            .parseFromString(readFileSync(path.join(project, 'results.xml'), 'utf8'), 'text/xml');
        expect(errors).toEqual([]);
        const root = document.documentElement!;
        expect(root.tagName).toBe('testsuites');
        expect(attributes(root, ['tests', 'failures', 'skipped'])).toEqual({ tests: '5', failures: '1', skipped: '1' });
        const suites = children(root, 'testsuite');
        expect(suites.map(suite => attributes(suite, ['name', 'tests', 'failures', 'skipped']))).toEqual([
            { name: 'mixed.weft.test.ts', tests: '3', failures: '1', skipped: '1' },
            { name: 'pipeline.weft.test.ts', tests: '2', failures: '0', skipped: '0' },
        ]);
        const cases = children(suites[0]!, 'testcase');
        expect(cases.map(each => attributes(each, ['name', 'classname']))).toEqual([
            { name: 'countAll › counts the sample', classname: 'mixed.weft.test.ts' },
            { name: 'countAll › expects another total', classname: 'mixed.weft.test.ts' },
            { name: 'countAll › is skipped', classname: 'mixed.weft.test.ts' },
        ]);
        for (const each of cases) expect(Number(each.getAttribute('time'))).toBeGreaterThanOrEqual(0);
        expect(children(cases[0]!, 'failure')).toEqual([]);
        const [failure] = children(cases[1]!, 'failure');
        expect(attributes(failure!, ['message', 'type'])).toEqual({ message: 'the total <of> "words"', type: 'AssertionError' });
        expect(failure!.textContent).toContain('mixed.weft.test.ts:13:16');
        expect(children(cases[2]!, 'skipped')).toHaveLength(1);
    }, 180_000);

    it('prints a JSON report on stdout: every test with its file, suites, status, time and failure', () => {
        const result = weftTest(project, ['--reporter', 'json', 'mixed.weft.test.ts']);
        expect(result.status).toBe(1);
        const report = JSON.parse(result.stdout);
        expect(report).toMatchObject({
            success: false,
            summary: { tests: 3, passed: 1, failed: 1, skipped: 1, todo: 0, files: 1 },
            files: ['mixed.weft.test.ts'],
        });
        expect(report.tests.map((test: { suites: string[]; name: string; status: string }) => [test.suites, test.name, test.status])).toEqual([
            [['countAll'], 'counts the sample', 'passed'],
            [['countAll'], 'expects another total', 'failed'],
            [['countAll'], 'is skipped', 'skipped'],
        ]);
        expect(report.tests[1].failure).toMatchObject({ message: expect.stringMatching(/^the total <of> "words"\n/), type: 'AssertionError' });
        expect(report.tests[1].failure.stack).toContain('mixed.weft.test.ts:13:16');
    }, 180_000);

    it('counts a test file that throws while loading as one failed test', () => {
        writeFileSync(path.join(project, 'throws.weft.test.ts'), `${HEADER}\nthrow new Error('no fixtures here');\n`);
        const result = weftTest(project, ['--reporter', 'json', 'throws.weft.test.ts']);
        expect(result.status).toBe(1);
        const report = JSON.parse(result.stdout);
        expect(report.summary).toMatchObject({ tests: 1, failed: 1 });
        expect(report.tests[0]).toMatchObject({ file: 'throws.weft.test.ts', name: 'throws.weft.test.ts (the file as a whole)', status: 'failed' });
    }, 180_000);
});

describe('weft test --timeout', () => {
    it('fails a test file that runs longer, instead of hanging, and reports why', () => {
        const project = initProject();
        writeFileSync(path.join(project, 'hangs.weft.test.ts'), `${HEADER}
test('a mock that never answers', async () => {
    await testPipeline(pipeline.countAll, {}, { steps: pipeline, mocks: { countWords: () => new Promise(() => {}) } });
});
`);
        const started = Date.now();
        const result = weftTest(project, ['--timeout', '3000', '--reporter', 'json', 'hangs.weft.test.ts']);
        expect(result.status).toBe(1);
        expect(Date.now() - started).toBeLessThan(50_000);
        const report = JSON.parse(result.stdout);
        expect(report.tests).toMatchObject([{ name: 'hangs.weft.test.ts (the file as a whole)', status: 'failed', failure: { message: 'test timed out after 3000ms' } }]);
        expect(weftTest(project, ['--timeout', '0'])).toMatchObject({ status: 2, stderr: "weft: option '--timeout <ms>' argument '0' is invalid. expected a whole number of milliseconds greater than 0\n" });
    }, 120_000);
});

describe('weft test refuses, with exit code 2 and nothing run', () => {
    it('a .weft file with errors: its diagnostics with file:line:column', () => {
        const project = initProject();
        const weft = path.join(project, 'pipeline.weft');
        writeFileSync(weft, readFileSync(weft, 'utf8').replace('return { total: counted.total }', 'return { total: counted.totl }'));
        const result = weftTest(project, []);
        expect(result.status).toBe(2);
        expect(result.stdout).toMatch(/^pipeline\.weft:\d+:\d+: error [a-z-]+: .*totl/m);
        expect(result.stdout).not.toContain('✔');
        expect(result.stderr).toBe('not tested: 1 error\n');
    }, 120_000);

    it('a test file that does not compile: esbuild\'s error with file:line:column', () => {
        const project = initProject();
        writeFileSync(path.join(project, 'broken.weft.test.ts'), `${HEADER}\ntest('x', () => { const = 1; });\n`);
        const result = weftTest(project, []);
        expect(result.status).toBe(2);
        expect(result.stdout).toMatch(/^broken\.weft\.test\.ts:6:25: error: Expected identifier but found "="$/m);
        expect(result.stderr).toBe('not tested: 1 error\n');
    }, 120_000);

    it('no test files, a file that is not a test file, a path that does not exist, an unknown reporter, --out without a report, --out into a missing folder', () => {
        const project = mkdtempSync(path.join(linkedProject('weft-test-empty-'), 'p-'));
        writeFileSync(path.join(project, 'steps.ts'), '');
        expect(weftTest(project, [])).toMatchObject({ status: 2, stderr: 'weft: no pipeline test files (*.weft.test.ts) in .\n' });
        expect(weftTest(project, ['steps.ts'])).toMatchObject({ status: 2, stderr: 'weft: steps.ts is not a pipeline test file (*.weft.test.ts)\n' });
        expect(weftTest(project, ['nope'])).toMatchObject({ status: 2, stderr: 'weft: cannot read nope: no such file or directory\n' });
        expect(weftTest(project, ['--reporter', 'xml'])).toMatchObject({ status: 2 });
        expect(weftTest(project, ['--reporter', 'xml']).stderr).toMatch(/^weft: option '-r, --reporter <reporter>' argument 'xml' is invalid\. Allowed choices are text, junit, json\.\n$/);
        expect(weftTest(project, ['--out', 'results.xml'])).toMatchObject({ status: 2, stderr: 'weft: --out writes a report: give --reporter junit or --reporter json with it\n' });
        expect(weftTest(project, ['--reporter', 'junit', '--out', 'missing/results.xml'])).toMatchObject({ status: 2, stderr: 'weft: cannot write missing/results.xml: the folder missing does not exist\n' });
    }, 120_000);
});

function attributes(element: Element, names: readonly string[]): Record<string, string | null> {
    return Object.fromEntries(names.map(name => [name, element.getAttribute(name)]));
}

function children(element: Element, tag: string): Element[] {
    return Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).tagName === tag);
}

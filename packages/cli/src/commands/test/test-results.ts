import * as path from 'node:path';

/** How one test ended. */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'todo';

export interface TestFailure {
    /** The error's message (an assertion's, with its diff). */
    readonly message: string;
    /** The error's class: `AssertionError`, `TypeError`, … */
    readonly type: string;
    readonly stack?: string;
}

export interface TestCaseResult {
    /** The test file, relative to the working directory. */
    readonly file: string;
    /** The names of the `describe` blocks around the test, outermost first. */
    readonly suites: readonly string[];
    readonly name: string;
    readonly status: TestStatus;
    readonly durationMs: number;
    readonly failure?: TestFailure;
}

export interface TestReport {
    /** Every test file run, relative to the working directory. */
    readonly files: readonly string[];
    readonly tests: readonly TestCaseResult[];
    readonly durationMs: number;
}

/** What `node:test`'s `run()` streams, as far as the results need it. */
export interface TestEvent {
    readonly type: string;
    readonly data: {
        readonly name?: string;
        readonly nesting?: number;
        readonly file?: string;
        readonly details?: { readonly duration_ms?: number; readonly type?: string; readonly error?: unknown };
        readonly skip?: unknown;
        readonly todo?: unknown;
    };
}

/**
 * Collects the results of `node:test` events: one per test (suites are only names), each
 * attributed to its test file by `sourceOf` (the bundle Node ran → the `.ts` file). A file
 * that fails outside its tests (an import that throws, a file that runs out of time) is one
 * failed test named after the file.
 */
export class TestResults {
    readonly tests: TestCaseResult[] = [];
    /** Per bundle, the names of the tests started at each nesting level: a test's suites. */
    private readonly started = new Map<string, string[]>();

    constructor(private readonly sourceOf: (bundle: string) => string | undefined, private readonly cwd: string) {}

    /** Adds the event; returns the test it completed, if any. */
    add(event: TestEvent): TestCaseResult | undefined {
        const { data } = event;
        const bundle = data.file;
        if (bundle === undefined || data.name === undefined) return undefined;
        const nesting = data.nesting ?? 0;
        if (event.type === 'test:start') {
            const names = this.started.get(bundle) ?? [];
            names.length = nesting;
            names.push(data.name);
            this.started.set(bundle, names);
            return undefined;
        }
        if (event.type !== 'test:pass' && event.type !== 'test:fail') return undefined;
        if (data.details?.type === 'suite') return undefined;
        const source = this.sourceOf(bundle) ?? bundle;
        const file = path.relative(this.cwd, source);
        const wholeFile = data.name === bundle;
        const status: TestStatus = data.todo !== undefined ? 'todo' : data.skip !== undefined ? 'skipped' : event.type === 'test:pass' ? 'passed' : 'failed';
        const result: TestCaseResult = {
            file, suites: wholeFile ? [] : (this.started.get(bundle) ?? []).slice(0, nesting),
            name: wholeFile ? `${file} (the file as a whole)` : data.name, status,
            durationMs: Math.round(data.details?.duration_ms ?? 0),
            ...(status === 'failed' ? { failure: failureOf(data.details?.error) } : {}),
        };
        this.tests.push(result);
        return result;
    }
}

/** The error a test threw: `node:test` wraps it (`ERR_TEST_FAILURE`) with the thrown error as its cause. */
function failureOf(error: unknown): TestFailure {
    const wrapped = error as { cause?: unknown; message?: string } | undefined;
    const thrown = (wrapped?.cause ?? wrapped) as { name?: unknown; message?: unknown; stack?: unknown } | string | undefined;
    if (thrown === undefined || thrown === null) return { message: 'the test failed', type: 'Error' };
    if (typeof thrown !== 'object') return { message: String(thrown), type: typeof thrown };
    return {
        message: typeof thrown.message === 'string' ? thrown.message : String(thrown),
        type: typeof thrown.name === 'string' ? thrown.name : 'Error',
        ...(typeof thrown.stack === 'string' ? { stack: thrown.stack } : {}),
    };
}

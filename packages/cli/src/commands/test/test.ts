import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { run } from 'node:test';
// The bundling entry, not the testing one: this process never runs a pipeline, and the whole runtime takes a second to load.
import { bundleTestFile, GENERATED_MODULES_VARIABLE, generatedModulesFile, projectFolder } from '@weft/runtime/bundling';
import type { CheckDiagnostic } from '../check/check-diagnostic.js';
import { compileProject } from './compile-project.js';
import { findTestFiles } from './test-files.js';
import { type TestCaseResult, type TestEvent, type TestReport, TestResults } from './test-results.js';

export interface TestOptions {
    readonly cwd: string;
    /** Test files and folders; the working directory when empty. */
    readonly paths: readonly string[];
    /** Called as each test ends. */
    readonly onResult?: (result: TestCaseResult) => void;
    /** How long each test file may run before it fails, in milliseconds (`node:test` runs each file as one test of its own). */
    readonly timeout: number;
    /** What the tests print (their stdout and stderr), as it comes. */
    readonly onOutput?: (text: string) => void;
}

/** A test file that does not compile: where, and esbuild's message. */
export interface TestFileError {
    readonly file: string;
    readonly line?: number;
    readonly column?: number;
    readonly message: string;
}

/** The tests' results, or why none ran: the errors of the `.weft` files or of the test files. */
export type TestOutcome =
    | { readonly ran: true; readonly report: TestReport }
    | { readonly ran: false; readonly diagnostics: readonly CheckDiagnostic[]; readonly fileErrors: readonly TestFileError[] };

/**
 * `weft test`: finds the pipeline test files, checks the `.weft` files of their projects and
 * generates their contracts in memory, bundles each test file (TypeScript, run without a build)
 * into `<project>/.weft/test/`, and runs them with `node:test`, each file in its own process
 * whose working directory is its project. Nothing runs when a `.weft` file or a test file has errors.
 */
export async function runTests(options: TestOptions): Promise<TestOutcome> {
    const started = Date.now();
    const files = await findTestFiles(options.cwd, options.paths);
    const byProject = new Map<string, string[]>();
    for (const file of files) {
        const project = projectFolder(path.dirname(file));
        byProject.set(project, [...(byProject.get(project) ?? []), file]);
    }
    // Each bundle Node runs → the test file it was made from.
    const bundles = new Map<string, string>();
    for (const [project, tests] of byProject) {
        const prepared = await prepareProject(project, tests, options.cwd);
        if (!prepared.ok) return { ran: false, diagnostics: prepared.diagnostics, fileErrors: prepared.fileErrors };
        for (const [bundle, test] of prepared.bundles) bundles.set(bundle, test);
    }
    const results = new TestResults(bundle => bundles.get(bundle), options.cwd);
    // Stack traces of the bundles point at the test files' TypeScript lines.
    const stream = run({ files: [...bundles.keys()], execArgv: ['--enable-source-maps'], timeout: options.timeout });
    for await (const event of stream as AsyncIterable<TestEvent & { data: { message?: string } }>) {
        if (event.type === 'test:stdout' || event.type === 'test:stderr') options.onOutput?.(event.data.message ?? '');
        const result = results.add(event);
        if (result) options.onResult?.(result);
    }
    return { ran: true, report: { files: files.map(file => path.relative(options.cwd, file)), tests: results.tests, durationMs: Date.now() - started } };
}

type PreparedProject =
    | { readonly ok: true; readonly bundles: ReadonlyMap<string, string> }
    | { readonly ok: false; readonly diagnostics: readonly CheckDiagnostic[]; readonly fileErrors: readonly TestFileError[] };

/** Checks and generates one project's `.weft` files and bundles its test files into `<project>/.weft/test/`. */
async function prepareProject(project: string, tests: readonly string[], cwd: string): Promise<PreparedProject> {
    const compilation = await compileProject(project, cwd);
    if (!compilation.ok) return { ok: false, diagnostics: compilation.errors, fileErrors: [] };
    const testFolder = path.join(project, '.weft', 'test');
    // `node:test` gives its processes neither a working directory nor variables of their own here (Node 22): the bundle sets them first.
    let prelude = `process.chdir(${JSON.stringify(project)});`;
    if (compilation.generated) {
        const generatedFile = path.join(testFolder, 'generated-modules.json');
        await mkdir(testFolder, { recursive: true });
        await writeFile(generatedFile, JSON.stringify(generatedModulesFile(compilation.generated)));
        prelude += ` process.env[${JSON.stringify(GENERATED_MODULES_VARIABLE)}] = ${JSON.stringify(generatedFile)};`;
    }
    const bundles = new Map<string, string>();
    const fileErrors: TestFileError[] = [];
    for (const test of tests) {
        const bundle = path.join(testFolder, `${path.relative(project, test)}.mjs`);
        const errors = await bundleTestFile(test, bundle, project, compilation.generated, prelude);
        fileErrors.push(...errors.map(error => ({ ...error, file: path.relative(cwd, error.file ?? test) })));
        bundles.set(bundle, test);
    }
    return fileErrors.length > 0 ? { ok: false, diagnostics: [], fileErrors } : { ok: true, bundles };
}

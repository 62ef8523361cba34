import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { disposeZ3 } from '../../src/constraints/z3-engine.js';
import { DiagnosticCode } from '../../src/validation/diagnostic-codes.js';
import { findCases, runCase, type CaseResult } from './harness.js';

const casesFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');
const cases = await findCases(casesFolder);
const results = new Map<string, CaseResult>();

describe('conformance', () => {
    test.each(cases.map(testCase => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
        const result = await runCase(testCase);
        results.set(testCase.name, result);
        expect(result.failures.map(failure => `${path.relative(casesFolder, failure.file)}: ${failure.message}`)).toEqual([]);
    });
});

afterAll(disposeZ3);

/** Codes that the Z3 constraint checker reports: they need three triggering cases and two near misses. */
const solverCodes = new Set<string>([
    DiagnosticCode.ConstraintUnsat, DiagnosticCode.DefaultViolatesConstraint, DiagnosticCode.CallViolatesConstraint,
    DiagnosticCode.ResourceInfeasible, DiagnosticCode.DeadlineRisk, DiagnosticCode.SolverTimeout,
    DiagnosticCode.RetryMemoryTooLow, DiagnosticCode.RetryMemoryExceedsTarget,
]);

/**
 * A case of `file-too-large` would be a file of more than 4 MiB in the repository:
 * parsing/source-limits.test.ts generates its cases (and near misses) instead. `generated-stale`
 * compares generated files on disk, which only `weft check` does: packages/cli/test/weft-generated-fresh.test.ts.
 */
const generatedCodes = new Set<string>([DiagnosticCode.FileTooLarge, DiagnosticCode.GeneratedStale]);

describe('conformance coverage', () => {
    test.each(Object.values(DiagnosticCode).filter(code => !generatedCodes.has(code)))(
        '%s is triggered by enough cases and stays clean in near misses', async (code) => {
            const hits = new Set<string>();
            const misses = new Set<string>();
            for (const testCase of cases) {
                const result = results.get(testCase.name) ?? await runCase(testCase);
                for (const expectation of result.expectations) {
                    if (expectation.code !== code) continue;
                    (expectation.negated ? misses : hits).add(`${testCase.name}:${expectation.line}`);
                }
            }
            const solver = solverCodes.has(code);
            expect(hits.size, `cases that trigger ${code}`).toBeGreaterThanOrEqual(solver ? 3 : 2);
            expect(misses.size, `near misses for ${code}`).toBeGreaterThanOrEqual(solver ? 2 : 1);
        });
});

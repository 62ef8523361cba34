import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
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

/** Codes that the Z3 constraint checker reports; they are covered by its own suite once it exists. */
const solverCodes = new Set<string>([
    DiagnosticCode.ConstraintUnsat, DiagnosticCode.DefaultViolatesConstraint, DiagnosticCode.CallViolatesConstraint,
    DiagnosticCode.ResourceInfeasible, DiagnosticCode.DeadlineRisk, DiagnosticCode.SolverTimeout,
]);

describe('conformance coverage', () => {
    test.each(Object.values(DiagnosticCode).filter(code => !solverCodes.has(code)))(
        '%s is triggered by two cases and stays clean in a near miss', async (code) => {
            const hits = new Set<string>();
            const misses = new Set<string>();
            for (const testCase of cases) {
                const result = results.get(testCase.name) ?? await runCase(testCase);
                for (const expectation of result.expectations) {
                    if (expectation.code !== code) continue;
                    (expectation.negated ? misses : hits).add(`${testCase.name}:${expectation.line}`);
                }
            }
            expect(hits.size, `cases that trigger ${code}`).toBeGreaterThanOrEqual(2);
            expect(misses.size, `near misses for ${code}`).toBeGreaterThanOrEqual(1);
        });
});

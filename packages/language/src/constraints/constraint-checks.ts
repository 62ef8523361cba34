import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import { callsMustSatisfyCalleeConstraints } from './checks/calls.js';
import { pipelineTimeoutShouldCoverTheLongestPath } from './checks/deadlines.js';
import { callsMustFitTheirTargets } from './checks/resources.js';
import { retryMemoryMustFit } from './checks/retry-memory.js';
import { returnedTensorsMustHaveProvablyEqualDimensions, tensorArgumentsMustHaveProvablyEqualDimensions } from './checks/shapes.js';
import { defaultsMustSatisfyWhereClauses, whereClausesMustBeSatisfiable } from './checks/where-clauses.js';

/**
 * The checks proved with Z3 (docs/language.md §8). They are registered in Langium's `slow`
 * category: `weft check` runs them (it validates with every category), a language server runs
 * them after the fast checks without blocking typing. Each is async and honours the
 * cancellation token.
 */
export const constraintChecks: ValidationChecks<WeftAstType> = {
    StepDeclaration: [whereClausesMustBeSatisfiable, defaultsMustSatisfyWhereClauses],
    PipelineDeclaration: [whereClausesMustBeSatisfiable, defaultsMustSatisfyWhereClauses, pipelineTimeoutShouldCoverTheLongestPath],
    StepCall: [callsMustSatisfyCalleeConstraints, callsMustFitTheirTargets, retryMemoryMustFit, tensorArgumentsMustHaveProvablyEqualDimensions],
    ReturnStatement: [returnedTensorsMustHaveProvablyEqualDimensions],
};

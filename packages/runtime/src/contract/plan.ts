// Moved to @weft/contract (the dependency-free package generated code imports); this path
// stays so that the runtime's modules and tests keep their imports.
export {
    type CompiledPlan, PLAN_VERSION, READABLE_PLAN_VERSIONS, type PlanVersion, type PlanArtifact, type PlanBinaryOperator, type PlanCall, type PlanExpression, type PlanNode,
    type PlanClause, type PlanInput, type PlanOutput, type PlanParameter, type PlanSchema, type PlanSettings, type PlanSource, type PlanTarget,
    type PlanFailureMatch, type PlanRecovery, type PlanTyped, type PlanValue, type PlanImplementation, type PlanFunctionImplementation, type PlanCommandImplementation, isCommandImplementation,
} from '@weft/contract';

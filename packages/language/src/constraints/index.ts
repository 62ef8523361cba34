export { ConstraintSolver, defaultSolverTimeoutMilliseconds, type SolverSettings, type SolverStatistics } from './constraint-solver.js';
export { disposeZ3, z3StartMilliseconds } from './z3-engine.js';

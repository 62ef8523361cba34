export { ConstraintSolver, defaultSolverTimeoutMilliseconds, type SolverSettings, type SolverStatistics } from './constraint-solver.js';
export { disposeZ3, setZ3Parameter, z3StartMilliseconds } from './z3-engine.js';
export { recentZ3Output } from './z3-output.js';

import { decideByIntervals } from './interval-reasoning.js';
import { type Constant, type Term, type Variable, printTerm } from './terms.js';
import { type SolverAnswer, type SolverQuery, runZ3Query } from './z3-engine.js';

export type { SolverAnswer, SolverQuery } from './z3-engine.js';

/** How the solver may be used; the CLI's `--solver-timeout` sets `timeoutMilliseconds`. */
export interface SolverSettings {
    /** The budget of one check; past it the answer is `unknown` (a `solver-timeout` warning). */
    timeoutMilliseconds: number;
}

export const defaultSolverTimeoutMilliseconds = 2000;

/** Counters for the benchmark and the tests. */
export interface SolverStatistics {
    /** Every query asked. */
    queries: number;
    /** Queries answered by folding constants, without Z3. */
    folded: number;
    /** Queries answered from the cache. */
    cached: number;
    /** Queries decided by interval reasoning, without Z3 (after missing the cache). */
    decided: number;
    /** Queries that Z3 solved. */
    solved: number;
    /** Time spent in Z3 (queued checks included), in milliseconds. */
    solvingMilliseconds: number;
}

/** Answers kept at most; the oldest go first. */
const cacheLimit = 50_000;

/**
 * Answers satisfiability queries. Constants are folded first; then a query with the same
 * canonical form (variables renamed by first occurrence) as one answered before gets that answer:
 * answers are cached by that form's text, so an edit re-solves only the problems it
 * changed. A miss is decided by interval reasoning when that proves the answer
 * (interval-reasoning.ts), and asked of Z3 otherwise. `unknown` answers are not cached (a later
 * check may have more time).
 */
export class ConstraintSolver {
    constructor(readonly settings: SolverSettings = { timeoutMilliseconds: defaultSolverTimeoutMilliseconds }) {}

    readonly statistics: SolverStatistics = { queries: 0, folded: 0, cached: 0, decided: 0, solved: 0, solvingMilliseconds: 0 };
    private readonly cache = new Map<string, CanonicalAnswer>();

    async solve(query: SolverQuery): Promise<SolverAnswer> {
        this.statistics.queries++;
        const folded = foldQuery(query);
        if (folded !== undefined) {
            this.statistics.folded++;
            return folded;
        }
        const { key, variables } = canonicalForm(query);
        const known = this.cache.get(key);
        if (known !== undefined) {
            this.statistics.cached++;
            return fromCanonical(known, variables);
        }
        const decided = decideByIntervals(query);
        if (decided !== undefined) {
            this.statistics.decided++;
            this.remember(key, decided, variables);
            return decided;
        }
        const started = performance.now();
        const answer = await runZ3Query(query, this.settings.timeoutMilliseconds);
        this.statistics.solvingMilliseconds += performance.now() - started;
        this.statistics.solved++;
        this.remember(key, answer, variables);
        return answer;
    }

    private remember(key: string, answer: SolverAnswer, variables: readonly Variable[]): void {
        if (answer.status === 'unknown') return;
        if (this.cache.size >= cacheLimit) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(key, toCanonical(answer, variables));
    }

    /** Forgets every answer (for tests and benchmarks of cold runs). */
    clearCache(): void {
        this.cache.clear();
    }
}

/** An answer whose model is keyed by the canonical position of each variable. */
type CanonicalAnswer =
    | { readonly status: 'sat'; readonly model: readonly (Constant | undefined)[] }
    | { readonly status: 'unsat'; readonly core: readonly number[] };

/** The answer without Z3 when every clause folded to a constant. */
function foldQuery(query: SolverQuery): SolverAnswer | undefined {
    if (query.assumptions.some(term => term.op === 'bool' && !term.value)) return { status: 'unsat', core: [] };
    const falseClause = query.tracked.findIndex(term => term.op === 'bool' && !term.value);
    if (falseClause >= 0) return { status: 'unsat', core: [falseClause] };
    const open = [...query.assumptions, ...query.tracked].some(term => term.op !== 'bool');
    return open ? undefined : { status: 'sat', model: new Map() };
}

function canonicalForm(query: SolverQuery): { key: string; variables: Variable[] } {
    const positions = new Map<string, number>();
    const variables: Variable[] = [];
    const rename = (variable: Variable): string => {
        let position = positions.get(variable.name);
        if (position === undefined) {
            position = variables.length;
            positions.set(variable.name, position);
            variables.push(variable);
        }
        return `x${position}`;
    };
    const print = (terms: readonly Term[]): string => terms.map(term => printTerm(term, rename)).join('\n');
    const text = `${query.minimizeCore ? 'minimal' : 'any'} ${query.needsModel === false ? 'status' : 'model'}\nassume\n${print(query.assumptions)}\ntrack\n${print(query.tracked)}`;
    // The text itself is the key: hashing it cost more than the lookups it would have saved.
    return { key: text, variables };
}

function toCanonical(answer: Exclude<SolverAnswer, { status: 'unknown' }>, variables: readonly Variable[]): CanonicalAnswer {
    if (answer.status === 'unsat') return answer;
    return { status: 'sat', model: variables.map(variable => answer.model.get(variable.name)) };
}

function fromCanonical(answer: CanonicalAnswer, variables: readonly Variable[]): SolverAnswer {
    if (answer.status === 'unsat') return answer;
    const model = new Map<string, Constant>();
    variables.forEach((variable, position) => {
        const value = answer.model[position];
        if (value !== undefined) model.set(variable.name, value);
    });
    return { status: 'sat', model };
}

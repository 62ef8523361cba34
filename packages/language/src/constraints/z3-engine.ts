import type { Arith, Bool, Context, Expr, Solver } from 'z3-solver';
import {
    type Constant, type Term, type Variable, boolTerm, intTerm, realTerm, sortOf,
} from './terms.js';
import { recordZ3Output } from './z3-output.js';

/**
 * The one Z3 of the process: initialised lazily on the first query (about half a second),
 * queried one check at a time (z3-solver allows one `check()` per process), and disposed by
 * {@link disposeZ3} so that test and CLI processes exit at once.
 */

/** A satisfiability question: the `assumptions` and the `tracked` clauses together. */
export interface SolverQuery {
    readonly assumptions: readonly Term[];
    /** Clauses whose unsat core is reported, by index. */
    readonly tracked: readonly Term[];
    /** Shrink the core until no clause can be dropped (costs one check per clause of the core). */
    readonly minimizeCore?: boolean;
    /**
     * `false` when the asker only reads the status and the core: a `sat` answer may then carry any
     * model (one found without Z3, see interval-reasoning.ts). By default the model is Z3's.
     */
    readonly needsModel?: boolean;
}

export type SolverAnswer =
    /** Values for the query's variables (those the solver left free get some value too). */
    | { readonly status: 'sat'; readonly model: ReadonlyMap<string, Constant> }
    | { readonly status: 'unsat'; readonly core: readonly number[] }
    | { readonly status: 'unknown'; readonly reason: string };

interface Engine {
    readonly api: { setParam(key: string, value: unknown): void };
    readonly context: Context<'weft'>;
    readonly solver: Solver<'weft'>;
    readonly em: unknown;
    /** The solver's current `timeout` parameter, set again only when it changes. */
    timeoutMilliseconds?: number;
}

let engine: Promise<Engine> | undefined;
let queue: Promise<unknown> = Promise.resolve();
let startMilliseconds = 0;

/** How long starting Z3 took (0 until it has started): for the benchmark. */
export function z3StartMilliseconds(): number {
    return startMilliseconds;
}

function startEngine(): Promise<Engine> {
    engine ??= (async () => {
        const started = performance.now();
        // Loaded here, not at the top: most checks never reach Z3, and every process pays for a load.
        const { init } = await import('z3-solver');
        // Z3 prints (warnings, verbose traces) to the process's streams unless told where to.
        const api = await init({ print: recordZ3Output, printErr: recordZ3Output });
        const context = api.Context('weft');
        const solver = new context.Solver();
        startMilliseconds = performance.now() - started;
        return { api, context, solver, em: api.em };
    })();
    return engine;
}

/** Runs `query` with a time budget, after every query queued before it. */
export function runZ3Query(query: SolverQuery, timeoutMilliseconds: number): Promise<SolverAnswer> {
    const result = queue.then(async () => solve(await startEngine(), query, timeoutMilliseconds));
    queue = result.catch(() => undefined);
    return result;
}

/** Sets one of Z3's global parameters (e.g. `verbose`) on the process's Z3, starting it if needed: for diagnosis and tests. */
export async function setZ3Parameter(name: string, value: string | number | boolean): Promise<void> {
    (await startEngine()).api.setParam(name, value);
}

/** Ends Z3's worker threads. A later query starts a new Z3. */
export async function disposeZ3(): Promise<void> {
    const current = engine;
    engine = undefined;
    if (current === undefined) return;
    await queue;
    const { em } = await current;
    const { killThreads } = await import('z3-solver');
    await killThreads(em);
}

async function solve(engine: Engine, query: SolverQuery, timeoutMilliseconds: number): Promise<SolverAnswer> {
    const { context, solver } = engine;
    const translate = new Translation(context);
    const assumptions = query.assumptions.map(term => translate.bool(term));
    const tracked = query.tracked.map(term => translate.bool(term));
    const timeout = Math.max(1, Math.round(timeoutMilliseconds));
    if (engine.timeoutMilliseconds !== timeout) {
        solver.set('timeout', timeout);
        engine.timeoutMilliseconds = timeout;
    }
    const check = async (indices: readonly number[]): Promise<{ status: 'sat' | 'unsat' | 'unknown'; core: number[]; model?: Map<string, Constant> }> => {
        solver.push();
        try {
            assumptions.forEach(assumption => solver.add(assumption));
            indices.forEach(index => solver.addAndTrack(tracked[index]!, context.Bool.const(trackName(index))));
            const status = await solver.check();
            if (status === 'sat') return { status, core: [], model: readModel(context, solver, translate.variables) };
            if (status === 'unknown') return { status, core: [] };
            const vector = solver.unsatCore();
            const names = new Set<string>();
            for (let position = 0; position < vector.length(); position++) names.add(vector.get(position).toString().replaceAll('|', ''));
            return { status, core: indices.filter(index => names.has(trackName(index))) };
        } finally {
            solver.pop();
        }
    };
    const all = query.tracked.map((_, index) => index);
    const first = await check(all);
    if (first.status === 'sat') return { status: 'sat', model: first.model! };
    if (first.status === 'unknown') return { status: 'unknown', reason: solver.reasonUnknown() };
    let core = first.core.length > 0 ? first.core : all;
    if (query.minimizeCore) {
        for (const candidate of [...core]) {
            const without = core.filter(index => index !== candidate);
            if ((await check(without)).status === 'unsat') core = without;
        }
    }
    return { status: 'unsat', core };
}

function readModel(context: Context<'weft'>, solver: Solver<'weft'>, variables: ReadonlyMap<string, { variable: Variable; expr: Expr<'weft'> }>): Map<string, Constant> {
    const model = solver.model();
    const values = new Map<string, Constant>();
    for (const [name, { variable, expr }] of variables) {
        const value = model.eval(expr, true);
        if (variable.sort === 'bool') values.set(name, boolTerm(context.isTrue(value)));
        else if (context.isIntVal(value)) values.set(name, intTerm(value.value()));
        else if (context.isRealVal(value)) {
            const { numerator, denominator } = value.value();
            values.set(name, realTerm(numerator, denominator));
        }
    }
    return values;
}

/** Terms to Z3 expressions, one variable per name. */
class Translation {
    readonly variables = new Map<string, { variable: Variable; expr: Expr<'weft'> }>();

    constructor(private readonly context: Context<'weft'>) {}

    bool(term: Term): Bool<'weft'> {
        return this.expr(term) as Bool<'weft'>;
    }

    private arith(term: Term): Arith<'weft'> {
        return this.expr(term) as Arith<'weft'>;
    }

    expr(term: Term): Expr<'weft'> {
        const z3 = this.context;
        switch (term.op) {
            case 'int': return z3.Int.val(term.value);
            case 'real': return z3.Real.val(`${term.numerator}/${term.denominator}`);
            case 'bool': return z3.Bool.val(term.value);
            case 'var': return this.variable(term);
        }
        const [a, b, c] = term.args;
        switch (term.op) {
            case 'add': return this.arith(a!).add(this.arith(b!));
            case 'sub': return this.arith(a!).sub(this.arith(b!));
            case 'mul': return this.arith(a!).mul(this.arith(b!));
            case 'div': return this.arith(a!).div(this.arith(b!));
            case 'mod': return this.arith(a!).mod(this.arith(b!));
            case 'neg': return this.arith(a!).neg();
            case 'min': {
                const [x, y] = [this.arith(a!), this.arith(b!)];
                return z3.If(x.le(y), x, y);
            }
            case 'max': {
                const [x, y] = [this.arith(a!), this.arith(b!)];
                return z3.If(x.ge(y), x, y);
            }
            case 'toReal': return z3.ToReal(this.arith(a!) as never);
            case 'lt': return this.arith(a!).lt(this.arith(b!));
            case 'le': return this.arith(a!).le(this.arith(b!));
            case 'eq': return sortOf(a!) === 'bool' ? this.bool(a!).eq(this.bool(b!)) : this.arith(a!).eq(this.arith(b!));
            case 'not': return z3.Not(this.bool(a!));
            case 'and': return z3.And(...term.args.map(arg => this.bool(arg)));
            case 'or': return z3.Or(...term.args.map(arg => this.bool(arg)));
            case 'ite': return z3.If(this.bool(a!), this.expr(b!) as never, this.expr(c!) as never);
        }
    }

    private variable(term: Variable): Expr<'weft'> {
        const known = this.variables.get(term.name);
        if (known) return known.expr;
        const z3 = this.context;
        const name = `v!${term.name}`;
        const expr = term.sort === 'bool' ? z3.Bool.const(name) : term.sort === 'int' ? z3.Int.const(name) : z3.Real.const(name);
        this.variables.set(term.name, { variable: term, expr });
        return expr;
    }
}

function trackName(index: number): string {
    return `track!${index}`;
}

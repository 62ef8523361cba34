/**
 * The compiled plan of a pipeline: versioned JSON that `weft generate` writes and the runtime
 * runs. `schema/plan.schema.json` in this package is its JSON Schema (docs/plan.md explains it);
 * keep the two in step and bump {@link PLAN_VERSION} on any change a runtime of the previous
 * version could misread.
 */

/** The plan format this runtime reads and the generator writes. */
export const PLAN_VERSION = 2;

/** A JSON value, as artifacts and targets hold them (quantities already in base units). */
export type PlanValue = string | number | boolean | null | readonly PlanValue[] | { readonly [key: string]: PlanValue };

/**
 * An expression evaluated by the runtime: over the pipeline's parameters, upstream outputs,
 * the node's own inputs (in step settings and `where` clauses), a step's dimension variables
 * (bound from its inputs' shapes), a loop variable or the failure of an `on failure` block. Quantities are in base units: bytes, milliseconds, millicores.
 */
export type PlanExpression =
    | { readonly kind: 'literal'; readonly value: string | number | boolean }
    | { readonly kind: 'quantity'; readonly unit: 'memory' | 'duration' | 'cpu'; readonly value: number }
    | { readonly kind: 'parameter'; readonly name: string }
    | { readonly kind: 'input'; readonly name: string }
    | { readonly kind: 'output'; readonly node: string; readonly output?: string }
    | { readonly kind: 'artifact'; readonly name: string }
    | { readonly kind: 'variable'; readonly name: string }
    | { readonly kind: 'dimension'; readonly name: string }
    | { readonly kind: 'failure' }
    | { readonly kind: 'member'; readonly receiver: PlanExpression; readonly name: string }
    | { readonly kind: 'unary'; readonly operator: '!' | '-'; readonly operand: PlanExpression }
    | { readonly kind: 'binary'; readonly operator: PlanBinaryOperator; readonly left: PlanExpression; readonly right: PlanExpression }
    | { readonly kind: 'range'; readonly value: PlanExpression; readonly low: PlanExpression; readonly high: PlanExpression }
    | { readonly kind: 'call'; readonly function: 'min' | 'max' | 'len'; readonly arguments: readonly PlanExpression[] }
    | { readonly kind: 'list'; readonly elements: readonly PlanExpression[] }
    | { readonly kind: 'record'; readonly fields: Readonly<Record<string, PlanExpression>> };

export type PlanBinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** Where something came from in the `.weft` sources (path relative to the plan's root, 1-based line). */
export interface PlanSource {
    readonly file: string;
    readonly line: number;
}

/**
 * A JSON Schema (draft 2020-12) of the values of one Weft type, as the run store keeps them
 * (handles tagged by `$weft`; docs/plan.md, "Types", lists the mapping and the `x-weft-…`
 * annotations the runtime reads, such as `x-weft-records` for the records of a `Dataset<T>`).
 * Aliases are `$ref`s into the schema's own `$defs`, so a recursive alias is finite.
 */
export type PlanSchema = { readonly [keyword: string]: PlanValue };

/** A Weft type: as the user wrote it (for messages) and as a JSON Schema (for checking values). */
export interface PlanTyped {
    readonly name: string;
    /** The Weft type as written (aliases kept), for messages. */
    readonly type: string;
    readonly schema: PlanSchema;
}

/** A pipeline's parameter: its type and its default, if any. */
export interface PlanParameter extends PlanTyped {
    readonly default?: PlanExpression;
}

/** A step's input (a parameter of the callee) as a node lists it. */
export type PlanInput = PlanTyped;

/** A step's output as a node lists it. */
export type PlanOutput = PlanTyped;

/** A `where` clause: the expression the runtime evaluates and its text, which messages quote. */
export interface PlanClause {
    readonly expression: PlanExpression;
    /** The clause as written in the source (`0 < lr && lr < 1`). */
    readonly text: string;
    readonly source: PlanSource;
}

/** A step's settings; every one an expression over the node's inputs and the pipeline's parameters. */
export interface PlanSettings {
    readonly image?: PlanExpression;
    readonly resources?: { readonly cpu?: PlanExpression; readonly memory?: PlanExpression; readonly gpu?: PlanExpression; readonly gpuMemory?: PlanExpression; readonly disk?: PlanExpression };
    readonly timeout?: PlanExpression;
    /** `memory`: the most memory an attempt that ran out of memory may be placed again with (bytes); `stepErrors`: whether errors of the step's own code are retried too. */
    readonly retry?: { readonly attempts?: PlanExpression; readonly backoff?: PlanExpression; readonly factor?: PlanExpression; readonly memory?: PlanExpression; readonly stepErrors?: PlanExpression };
    /** `true`/`false`, or a record `{ version }`. */
    readonly cache?: PlanExpression;
    readonly sandbox?: { readonly network?: PlanExpression; readonly readOnly?: PlanExpression };
}

/** One call of a pipeline: a step (or a pipeline called as a step) with its arguments and edges. */
export interface PlanNode {
    /** Unique in the plan; expressions name nodes by it. The `let` name, suffixed when two blocks reuse one. */
    readonly id: string;
    readonly call: PlanCall;
    /** Every parameter of the callee, bound: given arguments and defaults (`input` refers to these). */
    readonly arguments: Readonly<Record<string, PlanExpression>>;
    /** Nodes that must finish first without passing data (`after`). */
    readonly after: readonly string[];
    /** Nodes whose outputs the arguments, conditions or settings read. */
    readonly needs: readonly string[];
    /** Conditions from enclosing `when` blocks, outermost first: the node runs only if each `when` evaluates to `is`. */
    readonly conditions: readonly { readonly when: PlanExpression; readonly is: boolean }[];
    /** Set for `for v in items => call`: the node runs once per element. */
    readonly forEach?: { readonly variable: string; readonly items: PlanExpression; readonly concurrency?: PlanExpression; readonly output?: string };
    /** Set inside `on failure of a, b`: the node runs only when one of these fails for good. */
    readonly onFailureOf?: readonly string[];
    readonly settings: PlanSettings;
    /** The callee's `where` clauses, over its inputs (and dimensions). */
    readonly where: readonly PlanClause[];
    /** Every parameter of the callee with its type, in declaration order (the keys of `arguments`). */
    readonly inputs: readonly PlanInput[];
    readonly outputs: readonly PlanOutput[];
    readonly source: PlanSource;
}

export type PlanCall =
    | {
        readonly kind: 'step';
        readonly step: string;
        /** sha256 of the step's contract (names and types of inputs and outputs). */
        readonly contractHash: string;
        /**
         * The module (relative to the plan's root) and export that implement the step, and the
         * language they are written in (absent in older plans: `typescript`).
         */
        readonly implementation: { readonly module: string; readonly export: string; readonly language?: 'typescript' | 'python' };
    }
    | {
        readonly kind: 'pipeline';
        readonly pipeline: string;
        /** The plan file of the called pipeline, relative to this one. */
        readonly plan: string;
    };

export interface PlanArtifact extends PlanTyped {
    readonly kind: 'dataset' | 'model';
    /** The declaration's members (`uri`, `sha256`, `version`, …) as JSON values. */
    readonly members: Readonly<Record<string, PlanValue>>;
    readonly source: PlanSource;
}

export interface PlanTarget {
    readonly name: string;
    readonly kind: 'sandbox' | 'kubernetes';
    /** The target's members as JSON values; pools under `pools`. */
    readonly members: Readonly<Record<string, PlanValue>>;
    readonly pools: readonly { readonly name: string; readonly members: Readonly<Record<string, PlanValue>> }[];
    readonly source: PlanSource;
}

export interface CompiledPlan {
    readonly planVersion: typeof PLAN_VERSION;
    readonly pipeline: string;
    readonly module?: { readonly name: string; readonly version: string };
    /** The `.weft` file, relative to the plan's root. */
    readonly source: PlanSource;
    readonly parameters: readonly PlanParameter[];
    readonly outputs: readonly (PlanOutput & { readonly value: PlanExpression })[];
    /** The pipeline's `where` clauses, over its parameters: checked before a run starts. */
    readonly where: readonly PlanClause[];
    readonly timeout?: PlanExpression;
    readonly concurrency?: PlanExpression;
    readonly nodes: readonly PlanNode[];
    /** The datasets and models the plan refers to. */
    readonly artifacts: readonly PlanArtifact[];
    /** The targets the pipeline must run on. */
    readonly targets: readonly PlanTarget[];
}

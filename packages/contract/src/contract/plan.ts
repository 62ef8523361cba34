/**
 * The compiled plan of a pipeline: versioned JSON that `weft generate` writes and the runtime
 * runs. `schema/plan.schema.json` in this package is its JSON Schema (docs/plan.md explains it);
 * keep the two in step and bump {@link PLAN_VERSION} on any change a runtime of the previous
 * version could misread.
 */

/** The plan format the generator writes. */
export const PLAN_VERSION = 3;

/**
 * The plan formats this runtime reads: the current one and every earlier one that is a subset of
 * it (each field of a version 2 plan means the same in version 3), so that runs stored before an
 * upgrade still resume.
 */
export const READABLE_PLAN_VERSIONS = [2, PLAN_VERSION] as const;

export type PlanVersion = typeof READABLE_PLAN_VERSIONS[number];

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
    /** With `onFailureOf`: which failures the handler takes (absent: every failure). */
    readonly handles?: PlanFailureMatch;
    /** Set inside `on exit of a, b`: the node runs once these have settled, however they ended. */
    readonly onExitOf?: readonly string[];
    /** The errors the step declares (`raises (…)`): `name` is the error type's, `schema` its fields'. */
    readonly raises?: readonly PlanTyped[];
    /** What `recover` blocks of handlers of this node put in place of its outputs when it fails for good, first match wins. */
    readonly recover?: readonly PlanRecovery[];
    /**
     * Nodes that the `recover` of a node this one needs reads: waited for (so a recovered
     * output is there), but their being skipped does not skip this node.
     */
    readonly awaitsRecovery?: readonly string[];
    readonly settings: PlanSettings;
    /** The callee's `where` clauses, over its inputs (and dimensions). */
    readonly where: readonly PlanClause[];
    /** Every parameter of the callee with its type, in declaration order (the keys of `arguments`). */
    readonly inputs: readonly PlanInput[];
    readonly outputs: readonly PlanOutput[];
    readonly source: PlanSource;
}

/**
 * Which failures a handler (or a recovery) takes: with `error`, only the declared error of that
 * type (docs/language.md, "Error edges"); without, any failure but the declared errors listed
 * in `except`, which typed handlers of the same call take.
 */
export interface PlanFailureMatch {
    readonly error?: string;
    readonly except?: readonly string[];
}

/** A handler's `recover { … }`: the failed node's outputs, over the pipeline's values and the failure (`failure` is the error's fields for a typed handler). */
export interface PlanRecovery {
    readonly handles: PlanFailureMatch;
    readonly outputs: Readonly<Record<string, PlanExpression>>;
    /** Nodes whose outputs `outputs` read: they must have succeeded for the recovery to apply. */
    readonly needs: readonly string[];
}

export type PlanCall =
    | {
        readonly kind: 'step';
        readonly step: string;
        /** sha256 of the step's contract (names and types of inputs and outputs). */
        readonly contractHash: string;
        readonly implementation: PlanImplementation;
    }
    | {
        readonly kind: 'pipeline';
        readonly pipeline: string;
        /** The plan file of the called pipeline, relative to this one. */
        readonly plan: string;
    };

/** What runs a step: a function in a module, or a command. */
export type PlanImplementation = PlanFunctionImplementation | PlanCommandImplementation;

/**
 * The module (relative to the plan's root) and export that implement the step, and the
 * language they are written in (absent in older plans: `typescript`).
 */
export interface PlanFunctionImplementation {
    readonly module: string;
    readonly export: string;
    readonly language?: 'typescript' | 'python';
}

/**
 * A command that implements the step over the file protocol (docs/runtime.md, "File protocol
 * for command steps"): the executable and its arguments, run as written (nothing interpolated).
 */
export interface PlanCommandImplementation {
    readonly command: readonly string[];
    /** The folder the command runs in, relative to the plan's root: that of the `.weft` file that declares the step (`.` for the root). */
    readonly directory: string;
}

/** Whether a step runs a command rather than a function. */
export function isCommandImplementation(implementation: PlanImplementation): implementation is PlanCommandImplementation {
    return 'command' in implementation;
}

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
    readonly planVersion: PlanVersion;
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
